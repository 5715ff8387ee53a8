"""Messages of the store and its rules: errors, roles, audit actions."""

MESSAGES: dict[str, tuple[str, str]] = {
    "sep.list": ("、", ", "),
    # roles
    "role.admin": ("系统管理员", "administrator"),
    "role.supervisor": ("办领导/科长", "supervisor"),
    "role.reception": ("接访员", "reception"),
    "role.duty": ("值班员", "duty officer"),
    "role.mail": ("收发员", "mail clerk"),
    # fields
    "field.name": ("登录名", "login name"),
    "field.display_name": ("姓名", "full name"),
    "field.role": ("角色", "role"),
    "field.password": ("密码", "password"),
    "field.operator": ("操作员", "operator"),
    "field.database": ("数据库", "database"),
    # validation
    "err.required": ("{field}不能为空", "{field} is required"),
    "err.too_long": ("{field}不能超过 {max} 个字符", "{field} must be at most {max} characters"),
    "err.control_chars": ("{field}含有不可见的控制字符", "{field} contains control characters"),
    "err.name_spaces": ("{field}不能含有空格", "{field} must not contain spaces"),
    "err.password_short": ("密码至少 {min} 个字符", "the password needs at least {min} characters"),
    "err.password_mismatch": ("两次输入的密码不一致", "the two passwords differ"),
    "err.role_unknown": (
        "角色必须是以下之一：{choices}",
        "the role must be one of: {choices}",
    ),
    "err.operator_exists": ("操作员“{name}”已存在", "operator '{name}' already exists"),
    "err.operator_unknown": ("没有操作员“{name}”", "there is no operator '{name}'"),
    "err.last_admin": (
        "不能停用最后一位在用的系统管理员",
        "the last active administrator cannot be disabled",
    ),
    "err.not_first_run": (
        "数据库中已有操作员，不能再创建首位管理员",
        "the database already has operators; the first administrator exists",
    ),
    # permissions and authentication
    "err.permission": (
        "权限不足：{action}需要以下角色之一：{roles}",
        "not allowed: {action} needs one of the roles: {roles}",
    ),
    "err.login_failed": ("登录名或密码不正确", "wrong login name or password"),
    "err.login_failed_left": (
        "登录名或密码不正确（再错 {left} 次将锁定 {minutes} 分钟）",
        "wrong login name or password ({left} more failures lock the account for {minutes} minutes)",
    ),
    "err.operator_disabled": ("操作员“{name}”已停用", "operator '{name}' is disabled"),
    "err.locked_out": (
        "连续登录失败次数过多，账户已锁定至 {until}",
        "too many failed logins: the account is locked until {until}",
    ),
    # opening the database
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
    "count.audit_today": ("今日操作记录", "actions logged today"),
    # audit
    "audit.ok": (
        "审计链完整：{entries} 条记录日志，{records} 条业务记录均与日志一致",
        "audit chain whole: {entries} entries, {records} records match their last entry",
    ),
    "audit.broken_entry": (
        "审计日志第 {entry} 条被改动或删除（{detail}）",
        "audit entry {entry} was changed or removed ({detail})",
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
    "audit.detail.hash": ("内容散列不符", "content hash differs"),
    "audit.detail.chain": ("与前一条的链接断开", "link to the previous entry broken"),
    "audit.detail.gap": ("编号不连续，缺少第 {missing} 条", "numbering gap, entry {missing} missing"),
    "audit.detail.tail": ("日志末尾的条目被删除", "entries at the end were removed"),
    "action.create": ("新建", "create"),
    "action.update": ("修改", "change"),
    "action.disable": ("停用", "disable"),
    "action.enable": ("启用", "enable"),
    "action.passwd": ("修改密码", "change password"),
    "action.login": ("登录", "log in"),
    "action.login_failed": ("登录失败", "failed login"),
    "action.lockout": ("锁定账户", "lock out"),
    "action.unlock": ("解除锁定", "unlock"),
    "action.reveal": ("查看完整证件号", "reveal ID numbers"),
    "action.operator_add": ("新增操作员", "adding an operator"),
    "action.operator_manage": ("管理操作员", "managing operators"),
    "action.audit_read": ("查看审计日志", "reading the audit log"),
    "action.demo": ("生成演示数据", "generating demo data"),
}
