"""The 24-hour report as a Word document laid out after GB/T 9704 (党政机关公文格式).

A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (a
156 × 225 mm type area); the title in 2号 (22 pt) 方正小标宋简体, the body in
3号 (16 pt) 仿宋_GB2312 on a fixed 28 pt line, first-level headings in 黑体
and second-level in 楷体_GB2312; page numbers in 4号 (14 pt) as "— 1 —" at the
foot, odd pages right and even pages left. Where an office computer lacks a
font, the font table names a common alternative (宋体, 仿宋, 楷体) that Word uses
instead. python-docx is imported here only, when a document is written.
"""

from __future__ import annotations

import io
from pathlib import Path

from frontdesk.output.labels import officer_label
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
    _footers(document)
    _font_alternatives(document)
    document.core_properties.title = f"{report.office} {report.end[:10]}".strip()
    document.core_properties.author = officer_label(report.produced_by.label, report.produced_by.name)
    for block in blocks(report):
        if block.kind == "title":
            _paragraph(document, block.text, TITLE_FONT, TITLE_SIZE, center=True, space_after=LINE / 2)
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
        elif block.kind == "hash":
            _paragraph(document, block.text, LATIN_FONT, 10.5)
        else:
            _paragraph(document, block.text, BODY_FONT, BODY_SIZE, first_line_chars=2)
    # Built in memory first: a full disk then fails one plain write, not a zip
    # archive half-closed on the disk.
    buffer = io.BytesIO()
    document.save(buffer)
    write_private(Path(path), buffer.getvalue())
    return path
