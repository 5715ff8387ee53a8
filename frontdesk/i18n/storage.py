"""Messages of the store's file and trail: opening the database, backups and
restores, and the audit trail."""

MESSAGES: dict[str, tuple[str, str]] = {
    # opening the database
    "err.audit_key_missing": (
        "找不到审计密钥文件：{path}；请从密钥备份中放回该文件，在此之前不能登记或核验",
        "the audit key file is missing: {path}; put it back from the key's backup, until then nothing can be "
        "saved or verified",
    ),
    "err.audit_key_other": (
        "审计密钥文件 {path} 不是本数据库的密钥；请放回本数据库的密钥文件，在此之前不能登记或核验",
        "the audit key file {path} is not this database's key; put this database's key file back, until then "
        "nothing can be saved or verified",
    ),
    "err.db_missing": (
        "数据库文件不存在：{path}（请先运行 frontdesk init）",
        "no database file at {path} (run frontdesk init first)",
    ),
    "err.db_not_database": (
        "该文件不是 frontdesk 数据库或已损坏：{path}",
        "this file is not a frontdesk database, or it is damaged: {path}",
    ),
    "err.db_truncated": (
        "数据库文件不完整（已被截断）：{path}，请从备份恢复",
        "the database file is truncated: {path}; restore it from a backup",
    ),
    "err.db_readonly": (
        "数据库文件或其所在目录不可写：{path}",
        "the database file or its folder is read-only: {path}",
    ),
    "err.db_locked": (
        "数据库正被其他程序独占，请稍后再试：{path}",
        "another program holds the database; try again shortly: {path}",
    ),
    "err.db_too_new": (
        "该数据库由更新版本的 frontdesk 创建（{names}），请升级本程序",
        "this database was written by a newer frontdesk ({names}); upgrade this program",
    ),
    "err.db_not_dir": (
        "数据库所在目录不存在：{path}",
        "the database folder does not exist: {path}",
    ),
    "err.number_taken": (
        "登记编号 {number} 已被使用：编号计数器被绕过程序改动，未能保存；请运行 frontdesk audit verify 并告知管理员",
        "registration number {number} is already taken: the number counter was changed behind the application; "
        "nothing was saved; run frontdesk audit verify and tell the administrator",
    ),
    "err.db_bad_path": (
        "无法使用该数据库路径：{path}（{reason}）",
        "cannot use this database path: {path} ({reason})",
    ),
    "err.disk_full": (
        "磁盘已满，未能保存；已填写的内容仍保留，请腾出空间后重试",
        "the disk is full: nothing was saved; free some space and save again",
    ),
    "err.db_write_readonly": (
        "数据库为只读，未能保存",
        "the database is read-only: nothing was saved",
    ),
    "err.db_busy": (
        "数据库繁忙，未能保存，请重试",
        "the database is busy: nothing was saved; try again",
    ),
    "err.db_io": ("读写数据库出错：{detail}", "database input/output error: {detail}"),
    "count.visits_today": ("今日来访登记", "visits registered today"),
    "count.visitors_today": ("今日来访人次", "visitors today"),
    "count.audit_today": ("今日操作记录", "actions logged today"),
    "err.record_tampered": (
        "记录 {table}#{record} 曾被绕过程序改动，不能再修改；请运行 frontdesk audit verify 并报告管理员",
        "record {table}#{record} was changed behind the application and cannot be changed now; run frontdesk audit "
        "verify and tell an administrator",
    ),
    "err.backup_exists": ("文件已存在，不会覆盖：{path}", "the file exists and is not overwritten: {path}"),
    "err.backup_failed": ("备份失败：{detail}", "the backup failed: {detail}"),
    "err.backup_damaged": ("备份文件已损坏：{detail}", "the backup file is damaged: {detail}"),
    "err.backup_not_ours": ("不是 frontdesk 的备份：{path}", "not a frontdesk backup: {path}"),
    "err.backup_missing": ("备份文件不存在：{path}", "no backup file: {path}"),
    "err.backup_empty": ("备份文件是空的：{path}", "the backup file is empty: {path}"),
    "err.backup_unreadable": (
        "备份文件无法读取：{path}（{reason}）",
        "the backup file cannot be read: {path} ({reason})",
    ),
    "err.backup_tampered": (
        "备份的审计链不完整，不能恢复：{detail}",
        "the backup's audit chain is broken, so it is not restored: {detail}",
    ),
    "err.backup_schema": (
        "备份中的数据库结构与本程序不符，可能被植入了内容，不能恢复：{detail}",
        "the backup's database structure is not the application's, something may have been planted in it, so it "
        "is not restored: {detail}",
    ),
    "err.backup_unkeyed": (
        "备份 {path} 的审计链没有用密钥签名（启用密钥之前所做），无法证明未被改动，不能恢复",
        "the backup {path} has an audit chain without a key (made before the chain was keyed): it cannot be "
        "shown untouched, so it is not restored",
    ),
    "err.backup_key_other": (
        "备份 {path} 是用另一把审计密钥签名的，不是本机的密钥 {key_file}，不能恢复",
        "the backup {path} is signed with another audit key, not this machine's key {key_file}, so it is not restored",
    ),
    "err.db_in_use_by": (
        "数据库 {path} 正被其他程序打开：{who}；请先退出这些程序（其他终端），再恢复",
        "the database {path} is open in another program: {who}; quit it (the other terminals) first, then "
        "restore",
    ),
    "err.db_in_use": (
        "数据库 {path} 正被另一个程序打开；请先退出其他终端，再恢复",
        "another program has the database {path} open; quit the other terminals first, then restore",
    ),
    "err.restore_failed": (
        "恢复失败，数据库未作改动：{detail}",
        "the restore failed and the database is unchanged: {detail}",
    ),
    "err.restore_login": (
        "备份中没有这名可用的管理员，或密码不正确",
        "the backup has no enabled admin of that name, or the password is wrong",
    ),
    "err.import_no_counters": (
        "导出文件缺少编号计数（{number} 所在序列），未导入任何内容",
        "the export lacks its number counters (the series of {number}); nothing was imported",
    ),
    "err.import_target": (
        "只能导入到尚不存在的数据库文件或空数据库：{path}",
        "an import goes only into a database file that does not exist yet or an empty database: {path}",
    ),
    "err.import_not_empty": (
        "只能导入到尚无记录的数据库（{table} 已有内容）",
        "an import goes only into a database without records ({table} has some)",
    ),
    "err.import_not_export": ("这不是 frontdesk 的导出文件", "this is not a frontdesk export"),
    "err.import_line": (
        "导出文件第 {line} 行有误，未导入任何内容",
        "line {line} of the export is wrong; nothing was imported",
    ),
    "err.import_tampered": (
        "导入的审计链不完整，未导入任何内容：{detail}",
        "the imported audit chain is broken; nothing was imported: {detail}",
    ),
    "action.backup": ("备份", "backup"),
    "action.restore": ("恢复", "restore"),
    "action.rekey": ("审计日志启用密钥", "audit chain keyed"),
    "action.export": ("导出", "export"),
    "action.import": ("导入", "import"),
    "action.import_password": ("导入（清除密码）", "import (password cleared)"),
    "action.letter_export": ("导出来信清单", "letter list export"),
    "action.roster_export": ("导出值班表", "roster export"),
    "err.import_admin": (
        "导出文件中没有可用的管理员“{name}”：导入须以导出中的一名管理员身份进行",
        "the export has no enabled admin '{name}': an import is done as one of the export's admins",
    ),
    "action.backup_make": ("备份数据库", "making backups"),
    "action.backup_restore": ("恢复数据库", "restoring backups"),
    "action.export_records": ("导出全部记录", "exporting every record"),
    "action.import_records": ("导入导出文件", "importing an export"),
    # audit
    "audit.ok": (
        "审计链完整：{entries} 条记录日志，{records} 条业务记录均与日志一致",
        "audit chain whole: {entries} entries, {records} records match their last entry",
    ),
    "audit.broken_entry": (
        "审计日志第 {entry} 条被改动或删除（{detail}）",
        "audit entry {entry} was changed or removed ({detail})",
    ),
    "audit.broken_before_key": (
        "审计日志在启用密钥之前已于第 {entry} 条断开，该处之后的条目未重新签名",
        "the audit chain was already broken at entry {entry} before it was keyed; entries from there on were not "
        "signed again",
    ),
    "audit.schema_steps": (
        "数据库记录的升级步骤与本程序的不符",
        "the database's recorded schema steps are not the application's",
    ),
    "audit.schema_extra": (
        "数据库中有程序未创建的{kind}“{name}”：被绕过程序加入",
        "the database holds a {kind} '{name}' the application did not create: added behind the application",
    ),
    "audit.schema_missing": (
        "数据库缺少程序创建的{kind}“{name}”：被绕过程序删除",
        "the database lacks the application's {kind} '{name}': removed behind the application",
    ),
    "audit.schema_changed": (
        "数据库中的{kind}“{name}”与程序创建的不同：被绕过程序改动",
        "the {kind} '{name}' differs from the one the application created: changed behind the application",
    ),
    "audit.kind.table": ("表", "table"),
    "audit.kind.view": ("视图", "view"),
    "audit.kind.trigger": ("触发器", "trigger"),
    "audit.kind.index": ("索引", "index"),
    "audit.counter_missing": (
        "{number} 已登记，但其编号计数器不存在：计数器被绕过程序删除",
        "{number} is registered but its number counter is gone: the counter was deleted behind the application",
    ),
    "audit.counter_ahead": (
        "{series} 的编号计数器停在 {last}，但最大的已登记编号是 {highest}：计数器被绕过程序改动",
        "the number counter of {series} stands at {last} but the highest number registered is {highest}: the "
        "counter was changed behind the application",
    ),
    "audit.number_missing": (
        "编号 {number} 不见了：已登记的编号中间有缺号",
        "number {number} is missing from the numbers registered",
    ),
    "audit.head_missing": (
        "第 {entry} 条审计日志已不存在，但{source}记有它作为链头：日志末尾的条目被删除",
        "audit entry {entry} is gone, but {source} holds it as a chain head: entries were cut from the end",
    ),
    "audit.head_differs": (
        "第 {entry} 条审计日志的散列与{source}记下的链头不符：日志被改写",
        "audit entry {entry} has another hash than the chain head {source} holds: the log was rewritten",
    ),
    "audit.source.paper": ("纸面上", "the paper"),
    "audit.source.report": ("报表导出记录", "a report export's entry"),
    "err.heads_unwritable": (
        "无法写入链头文件 {path}：{reason}",
        "cannot write the heads file {path}: {reason}",
    ),
    "err.heads_unreadable": ("无法读取链头文件 {path}：{reason}", "cannot read the heads file {path}: {reason}"),
    "err.heads_line": (
        "链头文件 {path} 第 {line} 行不是“编号:散列”格式",
        "line {line} of the heads file {path} is not N:HASH",
    ),
    "audit.record_changed": (
        "记录 {table}#{record} 与其最后一条审计日志（第 {entry} 条）不符：被绕过程序改动",
        "record {table}#{record} differs from its last audit entry ({entry}): changed behind the application",
    ),
    "audit.record_removed": (
        "记录 {table}#{record} 已不存在，但审计日志第 {entry} 条记有它：被绕过程序删除",
        "record {table}#{record} is gone but audit entry {entry} names it: removed behind the application",
    ),
    "audit.record_unlogged": (
        "记录 {table}#{record} 没有任何审计日志：被绕过程序插入",
        "record {table}#{record} has no audit entry: inserted behind the application",
    ),
    "audit.counter_behind": (
        "编号计数器停在 {last}，但 {number} 已登记：计数器被绕过程序改动",
        "the number counter stands at {last} but {number} is registered: the counter was changed behind the "
        "application",
    ),
    "audit.detail.hash": ("内容散列不符", "content hash differs"),
    "audit.detail.chain": ("与前一条的链接断开", "link to the previous entry broken"),
    "audit.detail.gap": ("编号不连续，缺少第 {missing} 条", "numbering gap, entry {missing} missing"),
    "audit.detail.tail": ("日志末尾的条目被删除", "entries at the end were removed"),
    "action.create": ("新建", "create"),
    "action.migrate": ("数据转换", "convert data"),
    "action.update": ("修改", "change"),
    "action.disable": ("停用", "disable"),
    "action.enable": ("启用", "enable"),
    "action.passwd": ("修改密码", "change password"),
    "action.login": ("登录", "log in"),
    "action.login_failed": ("登录失败", "failed login"),
    "action.lockout": ("锁定账户", "lock out"),
    "action.login_locked": ("锁定期间尝试登录", "login attempt while locked out"),
    "action.unlock": ("解除锁定", "unlock"),
    "action.recover": ("恢复管理员登录", "recover admin sign-in"),
    "action.reveal": ("查看完整证件号", "reveal ID numbers"),
    "action.visit_register": ("来访登记", "registering visits"),
    "action.visit_read": ("查看来访记录", "reading visits"),
    "action.operator_add": ("新增操作员", "adding an operator"),
    "action.operator_manage": ("管理操作员", "managing operators"),
    "action.audit_read": ("查看审计日志", "reading the audit log"),
    "action.demo": ("生成演示数据", "generating demo data"),
}
