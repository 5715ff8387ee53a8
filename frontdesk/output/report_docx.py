"""The 24-hour report as a Word document laid out after GB/T 9704 (党政机关公文格式).

A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (a
156 × 225 mm type area); the title in 2号 (22 pt) 方正小标宋简体, the body in
3号 (16 pt) 仿宋_GB2312 on a fixed 28 pt line, first-level headings in 黑体
and second-level in 楷体_GB2312; page numbers in 4号 (14 pt) as "— 1 —" at the
foot, odd pages right and even pages left; a line grid of 22 lines a page and
28 characters a line by the body's character spacing (see ``_grid``). Where an
office computer lacks a font, the font table names a common alternative (宋体,
仿宋, 楷体) that Word uses instead. The text's East Asian language is zh-CN,
the Normal style carries the body font, and the properties name the office
and frontdesk. python-docx is imported here only, when a document is written.
"""

from __future__ import annotations

import io
from pathlib import Path

from frontdesk.i18n import t
from frontdesk.store.core.files import write_private
from frontdesk.store.duty.report import DailyReport

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# Word takes a missing font's w:altName from the font table.
ALTERNATIVES = {
    TITLE_FONT: "宋体",
    BODY_FONT: "仿宋",
    SUBHEADING_FONT: "楷体",
    "FZXiaoBiaoSong-B05S": "SimSun",
}
TITLE_SIZE = 22  # 2号
BODY_SIZE = 16  # 3号
PAGE_NUMBER_SIZE = 14  # 4号
LINE = 28  # points, fixed
LINES_PER_PAGE = 22
LANGUAGE = "zh-CN"
CHARACTER_SPACING = -5  # twentieths of a point: 16 pt − 0.25 pt, 28 to the 156 mm line (15.79 pt each)
GENERATOR = "frontdesk"


def _fonts(run, east_asian: str, size: float, *, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = LATIN_FONT
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def _paragraph(document, text: str, font: str, size: float, *, center: bool = False,
               indent_chars: float = 0, first_line_chars: float = 0, bold: bool = False,
               space_after: float = 0):
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    layout = paragraph.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = Pt(max(LINE, size + 6))
    layout.space_before = Pt(0)
    layout.space_after = Pt(space_after)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent_chars:
        layout.left_indent = Pt(size * indent_chars)
    if first_line_chars:
        layout.first_line_indent = Pt(size * first_line_chars)
    for number, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if number:
            run.add_break()  # the user's own line breaks stay inside one paragraph
        run.add_text(line)
        _fonts(run, font, size, bold=bold)
    return paragraph


def _page_number(paragraph) -> None:
    """"— PAGE —" with a live page field."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(text: str | None = None, field: str | None = None, instr: str | None = None):
        run = paragraph.add_run(text or "")
        _fonts(run, NUMBER_FONT, PAGE_NUMBER_SIZE)
        if field:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), field)
            run._element.append(char)
        if instr:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instr
            run._element.append(element)

    run_with("— ")
    run_with(field="begin")
    run_with(instr=" PAGE ")
    run_with(field="separate")
    run_with("1")
    run_with(field="end")
    run_with(" —")


def _footers(document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, alignment, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                    (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph.alignment = alignment
        # One character (4号) in from the edge, as the standard asks.
        if side == "right":
            paragraph.paragraph_format.right_indent = Pt(PAGE_NUMBER_SIZE)
        else:
            paragraph.paragraph_format.left_indent = Pt(PAGE_NUMBER_SIZE)
        _page_number(paragraph)


def _anchor(document, text: str) -> None:
    """The audit anchor, short and small, at the foot of the last page's text."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = _paragraph(document, text, BODY_FONT, 9)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _flag(paragraph._p.get_or_add_pPr(), "snapToGrid")


def _font_alternatives(document) -> None:
    """Name a common alternative for each official font in the font table."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    part = document.part.part_related_by(RT.FONT_TABLE)
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    root = etree.fromstring(part.blob)
    for name, alternative in ALTERNATIVES.items():
        font = etree.SubElement(root, f"{{{ns}}}font")
        font.set(f"{{{ns}}}name", name)
        alt = etree.SubElement(font, f"{{{ns}}}altName")
        alt.set(f"{{{ns}}}val", alternative)
        charset = etree.SubElement(font, f"{{{ns}}}charset")
        charset.set(f"{{{ns}}}val", "86")  # GB2312
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_AFTER_AUTO_SPACE = ("bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
                     "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
                     "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")


def _flag(ppr, name: str, value: str = "0") -> None:
    """Set ``w:name`` in a paragraph's properties, in the place the schema gives it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = ppr.find(qn(f"w:{name}"))
    if element is None:
        element = OxmlElement(f"w:{name}")
        later = _AFTER_AUTO_SPACE[_AFTER_AUTO_SPACE.index(name) + 1:] if name in _AFTER_AUTO_SPACE \
            else _AFTER_AUTO_SPACE
        following = next((child for child in ppr if child.tag.split("}")[-1] in later), None)
        if following is None:
            ppr.append(element)
        else:
            following.addprevious(element)
    element.set(qn("w:val"), value)


def _normal_style(document) -> None:
    """The Normal style and the document defaults: the body font, 3号, zh-CN."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_SIZE)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    # A character a little narrower than 3号, so that 28 fill the 156 mm line
    # (15.79 pt each) in every program.
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.append(spacing)
    spacing.set(qn("w:val"), str(CHARACTER_SPACING))
    # No extra space between Chinese and digits or Latin letters (21时45分, not 21 时 45 分).
    normal_ppr = normal.element.get_or_add_pPr()
    _flag(normal_ppr, "autoSpaceDE")
    _flag(normal_ppr, "autoSpaceDN")
    for holder in (rpr, document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))):
        lang = holder.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            holder.append(lang)
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), LANGUAGE)
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    default_fonts = defaults.find(qn("w:rFonts"))
    for attribute in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme"):
        default_fonts.attrib.pop(qn(attribute), None)
    default_fonts.set(qn("w:ascii"), LATIN_FONT)
    default_fonts.set(qn("w:hAnsi"), LATIN_FONT)
    default_fonts.set(qn("w:eastAsia"), BODY_FONT)


def _grid(section) -> None:
    """The document grid: 22 lines a page in the type area. The 28 characters a
    line come from the body's character spacing (``CHARACTER_SPACING``), not
    from a character grid: LibreOffice pads every stretch of digits or Latin
    letters on a character grid out to whole grid cells, so "12月1日21时" read
    as "12月1 日21时" and a justified line spread its characters apart."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Emu

    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    height = Emu(section.page_height - section.top_margin - section.bottom_margin)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(height.twips / LINES_PER_PAGE)))
    grid.attrib.pop(qn("w:charSpace"), None)


def _properties(document, report: DailyReport) -> None:
    """Title, author and dates of this report; the application is frontdesk."""
    from datetime import datetime

    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    made = datetime.strptime(report.produced_at[:19], "%Y-%m-%d %H:%M:%S")
    core = document.core_properties
    core.title = t("report.title") + (f" {report.end[:10]}")
    core.subject = report.office
    core.author = report.office or GENERATOR
    core.last_modified_by = report.produced_by.label
    core.comments = t("report.docx_comment", version=report.version)
    core.keywords = ""
    core.category = ""
    core.language = LANGUAGE
    core.created = made
    core.modified = made
    core.revision = report.version
    app = document.part.package.part_related_by(RT.EXTENDED_PROPERTIES)
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    root = etree.fromstring(app.blob)
    for name, value in (("Application", GENERATOR), ("Company", report.office)):
        element = root.find(f"{{{ns}}}{name}")
        if element is None:
            element = etree.SubElement(root, f"{{{ns}}}{name}")
        element.text = value
    for name in ("Template", "AppVersion"):  # a Word template's, not ours
        element = root.find(f"{{{ns}}}{name}")
        if element is not None:
            root.remove(element)
    app._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def render_docx(report: DailyReport, path: Path) -> Path:
    """Write ``report`` as a .docx file at ``path``."""
    from docx import Document
    from docx.shared import Mm

    from frontdesk.output.report_render import blocks

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    _grid(section)
    _normal_style(document)
    _footers(document)
    _font_alternatives(document)
    _properties(document, report)
    for block in blocks(report):
        if block.kind == "title":
            title = _paragraph(document, block.text, TITLE_FONT, TITLE_SIZE, center=True, space_after=LINE / 2)
            _flag(title._p.get_or_add_pPr(), "snapToGrid")  # 2号 characters are wider than a grid cell
        elif block.kind == "subtitle":
            _paragraph(document, block.text, SUBHEADING_FONT, BODY_SIZE, center=True)
        elif block.kind == "heading":
            _paragraph(document, block.text, HEADING_FONT, BODY_SIZE, first_line_chars=2)
        elif block.kind == "subheading":
            _paragraph(document, block.text, SUBHEADING_FONT, BODY_SIZE, first_line_chars=2)
        elif block.kind == "item":
            _paragraph(document, f"{block.number}. {block.text}", BODY_FONT, BODY_SIZE, first_line_chars=2)
            for more in block.more:
                _paragraph(document, more, BODY_FONT, BODY_SIZE, indent_chars=2, first_line_chars=1)
        elif block.kind == "sign":
            _paragraph(document, "", BODY_FONT, BODY_SIZE)
            _paragraph(document, block.text, BODY_FONT, BODY_SIZE, first_line_chars=2)
        elif block.kind == "anchor":
            _anchor(document, block.text)
        else:
            _paragraph(document, block.text, BODY_FONT, BODY_SIZE, first_line_chars=2)
    # Built in memory first: a full disk then fails one plain write, not a zip
    # archive half-closed on the disk.
    buffer = io.BytesIO()
    document.save(buffer)
    write_private(Path(path), buffer.getvalue())
    return path
