"""Messages of the command line: help texts, prompts, outputs."""

MESSAGES: dict[str, tuple[str, str]] = {
    "cli.help.main": (
        "frontdesk：信访接待、总值班室与收发室的键盘终端程序。不带命令时打开界面。",
        "frontdesk: the keyboard terminal app of the petition desk, duty room and mail room. Without a command it "
        "opens the interface.",
    ),
    "cli.help.db": (
        "数据库文件（默认：用户数据目录；也可用 FRONTDESK_DB）",
        "database file (default: user data folder; or FRONTDESK_DB)",
    ),
    "cli.help.lang": ("界面语言：zh 或 en", "interface language: zh or en"),
    "cli.help.operator_opt": (
        "以此操作员身份执行（或 FRONTDESK_OPERATOR）",
        "act as this operator (or FRONTDESK_OPERATOR)",
    ),
    "cli.help.json": ("以 JSON 输出", "print JSON"),
    "cli.help.init": (
        "创建或升级数据库；新库同时创建首位管理员（密码取自 FRONTDESK_PASSWORD 或两次输入）。",
        "create or upgrade the database; a new one also gets its first administrator (password from "
        "FRONTDESK_PASSWORD or typed twice).",
    ),
    "cli.help.admin": ("首位管理员的登录名", "login name of the first administrator"),
    "cli.help.display_name": ("姓名", "full name"),
    "cli.help.operator": ("管理操作员（仅系统管理员）", "manage operators (administrators only)"),
    "cli.help.operator_add": (
        "新增操作员；新密码在标准输入非终端时取其第一行，否则输入两次。",
        "add an operator; the new password is the first line of standard input when it is not a terminal, else typed "
        "twice.",
    ),
    "cli.help.role": (
        "角色：admin、supervisor、reception、duty、mail",
        "role: admin, supervisor, reception, duty, mail",
    ),
    "cli.help.operator_list": ("列出操作员", "list operators"),
    "cli.help.operator_disable": ("停用操作员（记录保留）", "disable an operator (the record stays)"),
    "cli.help.operator_enable": ("重新启用操作员", "enable an operator again"),
    "cli.help.operator_passwd": ("设置操作员的新密码", "set an operator's new password"),
    "cli.help.operator_unlock": ("解除因登录失败造成的锁定", "lift a lock-out after failed logins"),
    "cli.help.operator_recover": (
        "为被锁定或忘记密码的管理员设新密码并解除锁定；只能由数据库文件的所有者（操作系统账户）执行，记入审计",
        "give a locked-out or forgotten admin a new password and lift the lock-out; only the OS account"
        " that owns the database file may, and it is audited",
    ),
    "cli.help.audit": ("审计日志", "the audit trail"),
    "cli.help.audit_verify": (
        "核验审计链、每条记录、数据库结构和编号，并对照导出目录中链头文件记下的链头；完好时退出码 0，否则非 0 "
        "并指出第一处问题。",
        "check the audit chain, every record, the schema and the numbers, and the chain against the heads in the "
        "heads file beside the exports; exit 0 when whole, else non-zero naming the first problem.",
    ),
    "cli.help.audit_head": (
        "另对照一个从纸面上读到的链头（编号:散列，散列至少前 8 位）；可重复",
        "also check against a chain head read off paper (N:HASH, at least the hash's first 8 digits); repeatable",
    ),
    "cli.err.bad_head": (
        "“{value}”不是链头：应为“编号:散列”，例如 128:3f9a0c1d",
        "'{value}' is not a chain head: give N:HASH, e.g. 128:3f9a0c1d",
    ),
    "cli.help.audit_log": ("列出审计日志（最新在前）", "list audit entries, newest first"),
    "cli.help.limit": ("最多列出多少条", "list at most this many"),
    "cli.help.demo": (
        "向已初始化的数据库填入逼真的演示数据（仅系统管理员）",
        "fill an initialised database with realistic synthetic records (administrators only)",
    ),
    "cli.help.demo_visits": ("来访登记条数", "number of visits"),
    "cli.help.demo_years": ("记录分布在最近几年", "spread the records over this many past years"),
    "cli.help.demo_seed": ("随机种子（相同种子得到相同数据）", "random seed (the same seed gives the same data)"),
    "cli.help.help": ("显示本帮助并退出", "show this help and exit"),
    "cli.help.version": ("显示版本", "show the version"),
    "cli.help.visit": ("来访登记", "petition visits"),
    "cli.help.visit_add": (
        "登记来访；FILE 为 JSON 文件，- 表示标准输入。",
        "register a visit; FILE is a JSON file, - for standard input.",
    ),
    "cli.help.visit_individually": (
        "来访人拒绝推选代表或签名时，按个访逐一登记",
        "register one individual visit per visitor listed (they refused to elect or to sign)",
    ),
    "cli.err.rep_too_many": (
        "五名代表规则：代表最多 {max} 名，现有 {count} 名，可加 --individually 按个访登记",
        "the 5-representative rule: at most {max} representatives, not {count};"
        " --individually registers them one by one",
    ),
    "cli.help.visit_left": (
        "与 --individually 同用：未登记即离开的人数（登记人数加离开人数须等于来访人数）",
        "with --individually: how many left unregistered (listed plus left make the headcount)",
    ),
    "cli.help.visit_slip": ("把回执另存为文本文件", "save the slip as a text file"),
    "cli.help.visit_show": ("显示一条来访登记", "show one visit"),
    "cli.help.visit_list": (
        "列出某日的来访（默认今天），或按关键词查找",
        "list a day's visits (today by default), or search",
    ),
    "cli.help.reveal": (
        "显示完整证件号（仅办领导/科长、管理员；记入审计）",
        "show full ID numbers (supervisors and admins; audited)",
    ),
    "cli.help.date": ("日期 YYYY-MM-DD", "date YYYY-MM-DD"),
    "cli.help.search": (
        "按编号、姓名、拼音、电话、证件号或事由查找",
        "search by number, name, pinyin, phone, ID number or subject",
    ),
    "cli.help.visit_slip_cmd": ("重新输出一条来访的回执", "print a visit's slip again"),
    "cli.help.slip_output": ("把回执存为此文本文件", "save the slip as this text file"),
    "cli.help.slip_print": ("发送到设置中的打印命令", "send it to the configured print command"),
    "cli.err.no_printer": ("未设置打印命令（设置项 print_command）", "no print command set (setting print_command)"),
    "cli.err.print_failed": ("打印失败：{detail}", "printing failed: {detail}"),
    "cli.visit.slip_written": ("回执已保存：{path}", "slip saved: {path}"),
    "cli.help.lookup": (
        "快速查询：姓名（或其一部分）、拼音、证件号或电话（全部或后 4 位以上）、编号、事由中的词",
        "quick lookup: a name (or part of it), pinyin, an ID number or phone (whole or its last 4+ digits), a number, "
        "words of a matter",
    ),
    "cli.help.lookup_channel": (
        "只查此渠道（可重复）：visit、letter、duty……",
        "only this channel (repeatable): visit, letter, duty, …",
    ),
    "cli.help.lookup_from": ("自此日起", "from this day"),
    "cli.help.lookup_to": ("至此日止（含）", "up to this day (included)"),
    "cli.help.lookup_batch": (
        "从标准输入逐行读取查询，每行输出一个 JSON 数组",
        "read one query per line from standard input and write one JSON array per line",
    ),
    "cli.err.lookup_channel": (
        "不能查询渠道“{channel}”；可选：{choices}",
        "cannot look in channel '{channel}'; choose from: {choices}",
    ),
    "cli.err.lookup_query": ("请给出要查询的内容，或使用 --batch", "give a query, or use --batch"),
    "cli.col.channel": ("渠道", "channel"),
    "cli.col.matched": ("匹配", "matched"),
    "cli.help.backup": (
        "在其他终端照常写入时，做一份一致的数据库备份（仅系统管理员；记入审计）",
        "make a consistent copy of the database while others keep writing (administrators; audited)",
    ),
    "cli.help.restore": (
        "先核验备份（完整性、数据库结构、审计密钥和审计链），在无其他终端打开时用它替换当前数据库，编号接着"
        "本机用过的最大编号往下编（仅系统管理员；记入审计）；尚无数据库时以备份中管理员的密码新建",
        "check a backup (integrity, database structure, audit key and chain), then replace the database with it"
        " while no other terminal has it open, numbering going on above the highest this machine gave"
        " (administrators; audited); with no database yet, create it with a password of the backup's admin",
    ),
    "cli.help.restore_yes": ("不再询问，直接替换", "replace without asking"),
    "cli.help.export": (
        "把全部记录（含审计日志）导出为 JSON Lines（办领导/科长、管理员；记入审计）",
        "export every record, the audit trail included, as JSON Lines (supervisors and admins; audited)",
    ),
    "cli.help.export_output": ("写入此文件（默认：标准输出）", "write to this file (default: standard output)"),
    "cli.help.import": (
        "以导出文件中一名管理员的身份（--operator）把导出原样导入一个尚不存在或尚无记录的数据库并核验审计链；"
        "导出不含密码，该管理员在此设新密码，其他操作员的密码由管理员重设",
        "load an export into a database that does not exist or holds no records yet, exactly, as one of the"
        " export's admins"
        " (--operator), and verify the audit chain; exports carry no passwords, so that admin gives a new"
        " one here and an admin sets the others'",
    ),
    "cli.backup.done": ("备份已完成：{path}", "backup written: {path}"),
    "cli.backup.key_note": (
        "注意：审计密钥文件 {key} 不在备份中，请另行妥善保管一份；没有它，恢复后的数据库不能登记或核验",
        "note: the audit key file {key} is not in the backup; keep a copy of it apart: without it a restored "
        "database can neither save nor verify",
    ),
    "cli.restore.checked": (
        "备份 {path} 完好：{entries} 条审计日志，{records} 条记录",
        "backup {path} is whole: {entries} audit entries, {records} records",
    ),
    "cli.restore.confirm": ("用这份备份替换 {db} 的全部内容？", "replace everything in {db} with this backup?"),
    "cli.restore.cancelled": ("未恢复，数据库未作改动", "not restored: the database is unchanged"),
    "cli.restore.done": ("已从 {path} 恢复", "restored from {path}"),
    "cli.restore.dropped": (
        "备份之后给出的这些编号不在备份中，已随恢复去掉（不会再用）：{numbers}",
        "numbers given after the backup are not in it and went with the restore (never given again): {numbers}",
    ),
    "cli.restore.continues": (
        "编号接着本机给出过的最大编号往下编：下一个是 {numbers}",
        "numbering goes on above the highest number this machine gave: next {numbers}",
    ),
    "cli.restore.confirm_new": (
        "在 {db} 新建数据库，内容取自这份备份？",
        "create the database {db} from this backup?",
    ),
    "cli.prompt.backup_password": ("{name} 在备份中的密码", "{name}'s password in the backup"),
    "cli.export.done": ("已导出 {count} 行到 {path}", "exported {count} rows to {path}"),
    "cli.import.done": ("已导入 {count} 行，审计链完整", "imported {count} rows; the audit chain is whole"),
    "cli.err.read_file": ("无法读取 {path}：{reason}", "cannot read {path}: {reason}"),
    "cli.err.json": (
        "JSON 格式错误（第 {line} 行第 {column} 列）：{reason}",
        "malformed JSON (line {line}, column {column}): {reason}",
    ),
    "files.tightened": (
        "已收紧权限，其他账户不能再读取：{paths}",
        "closed to other accounts (they could read it before): {paths}",
    ),
    "cli.err.write_file": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "cli.err.arg_not_utf8": ("参数“{arg}”不是 UTF-8 文字：请把终端的编码设为 UTF-8",
                             "argument “{arg}” is not UTF-8 text: set the terminal's encoding to UTF-8"),
    "cli.err.env_not_utf8": ("环境变量 {name} 不是 UTF-8 文字：请把终端的编码设为 UTF-8",
                             "variable {name} is not UTF-8 text: set the terminal's encoding to UTF-8"),
    "cli.err.batch_not_utf8": ("第 {line} 行不是 UTF-8 文字", "line {line} is not UTF-8 text"),
    "cli.err.json_too_deep": ("JSON 无法读取：其中的数字位数过多，或嵌套层数过深",
                              "unreadable JSON: a number with too many digits, or nesting too deep"),
    "cli.visit.saved": ("已登记 {number}（{kind}），查询码 {code}", "registered {number} ({kind}), query code {code}"),
    "cli.visit.repeat": ("重访：上次来访 {number}，{at}", "repeat visit: previous visit {number} at {at}"),
    "cli.col.kind": ("类型", "kind"),
    "cli.col.headcount": ("人数", "people"),
    "cli.col.person": ("姓名", "name"),
    "cli.prompt.password": ("密码", "Password"),
    "cli.prompt.new_password": ("新密码", "New password"),
    "cli.prompt.repeat_password": ("再次输入新密码", "Repeat the new password"),
    "cli.err.operator_missing": (
        "此命令需要登录：请用 --operator 或 FRONTDESK_OPERATOR 指定操作员",
        "this command needs a login: name the operator with --operator or FRONTDESK_OPERATOR",
    ),
    "cli.err.no_password_input": (
        "标准输入中没有密码",
        "no password on standard input",
    ),
    "cli.err.settings": ("设置文件有误：{path}：{key}：{reason}", "bad settings file: {path}: {key}: {reason}"),
    "cli.err.interrupted": ("已中断，未保存", "interrupted: nothing saved"),
    "cli.init.created": (
        "已创建数据库 {path}，首位管理员：{name}",
        "created database {path}; first administrator: {name}",
    ),
    "cli.init.upgraded": (
        "数据库 {path} 已是最新结构（{count} 位操作员，未做改动）",
        "database {path} is up to date ({count} operators, none changed)",
    ),
    "cli.operator.added": ("已新增操作员 {name}（{role}）", "added operator {name} ({role})"),
    "cli.operator.disabled": ("已停用操作员 {name}", "disabled operator {name}"),
    "cli.operator.enabled": ("已启用操作员 {name}", "enabled operator {name}"),
    "cli.operator.passwd": ("已更新 {name} 的密码", "changed the password of {name}"),
    "cli.operator.unlocked": ("已解除 {name} 的锁定", "lifted the lock-out of {name}"),
    "cli.operator.recovered": (
        "已为管理员 {name} 设新密码并解除锁定（已记入审计）",
        "admin {name} has a new password and no lock-out (audited)",
    ),
    "cli.err.recover_owner": (
        "只有数据库文件 {path} 的所有者（{owner}）才能恢复管理员登录",
        "only the owner of the database file {path} ({owner}) may recover an admin's sign-in",
    ),
    "cli.password_change_due": (
        "提示：{name} 的密码不再符合密码规则，请尽快用 frontdesk operator passwd {name} 修改",
        "note: {name}'s password no longer meets the password rules; change it soon with"
        " frontdesk operator passwd {name}",
    ),
    "cli.prompt.import_password": ("{name} 在此数据库的新密码", "{name}'s new password on this database"),
    "cli.col.name": ("登录名", "login"),
    "cli.col.display_name": ("姓名", "name"),
    "cli.col.role": ("角色", "role"),
    "cli.col.status": ("状态", "status"),
    "cli.col.created": ("创建时间", "created"),
    "cli.col.id": ("序号", "no."),
    "cli.col.at": ("时间", "time"),
    "cli.col.operator": ("操作员", "operator"),
    "cli.col.action": ("动作", "action"),
    "cli.col.record": ("记录", "record"),
    "cli.status.active": ("在用", "active"),
    "cli.status.disabled": ("停用", "disabled"),
    "cli.demo.progress": ("生成演示数据", "generating demo data"),
    "cli.demo.operators": (
        "已新增演示操作员 {names}，密码均为 {password}",
        "added demo operators {names}, each with the password {password}",
    ),
    "cli.demo.visits": ("来访 {count} 条", "{count} visits"),
    "cli.lookup.indexing": ("更新查询索引", "updating the lookup index"),
    "cli.lookup.none": ("没有找到符合的记录", "nothing found"),
    "cli.lookup.found": ("共 {count} 条（最新在前）", "{count} found (newest first)"),
    "cli.demo.done": ("已生成：{summary}（用时 {seconds:.1f} 秒）", "generated: {summary} (in {seconds:.1f} s)"),
}
