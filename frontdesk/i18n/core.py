"""Messages of the store and its rules: errors, roles, audit actions."""

MESSAGES: dict[str, tuple[str, str]] = {
    "sep.list": ("、", ", "),
    "sep.colon": ("：", ": "),
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
    "field.visit": ("来访登记", "visit"),
    "field.visited_at": ("来访时间", "time of visit"),
    "field.headcount": ("来访人数", "headcount"),
    "field.visitors": ("来访人", "visitors"),
    "field.visitors_whole": ("第 {n} 位来访人", "visitor {n}"),
    "field.visitors_item": ("第 {n} 位来访人的{item}", "visitor {n}'s {item}"),
    "field.id_type": ("证件类型", "ID document type"),
    "field.id_number": ("证件号码", "ID number"),
    "field.phone": ("电话", "phone"),
    "field.address": ("住址", "address"),
    "field.postcode": ("邮编", "postcode"),
    "field.representative": ("代表", "representative"),
    "field.liaison": ("联络人", "liaison"),
    "field.signed": ("签名认可人数", "signed acknowledgements"),
    "field.concerned": ("涉及人数", "people concerned"),
    "field.subject": ("事由", "subject"),
    "field.content": ("反映内容", "details"),
    "field.category": ("类别", "category"),
    "field.location": ("发生地点", "place"),
    "field.papers": ("出示材料", "papers shown"),
    "field.disposition": ("处理方式", "disposition"),
    "field.transfer_unit": ("转送单位", "transfer to"),
    "field.not_accepted_reason": ("不予受理理由", "refusal reason"),
    "field.notice": ("告知内容", "notice text"),
    "field.escalate": ("报告领导", "escalate to leaders"),
    "field.skipped_levels": ("越级访", "skipped levels"),
    "field.disturbance": ("滞留闹访", "disturbance"),
    "field.special": ("特殊情况", "special situation"),
    "field.same_matter": ("同一事项", "same matter"),
    "field.number": ("登记编号", "registration number"),
    "field.search": ("查询内容", "search text"),
    "field.date": ("日期", "date"),
    # validation
    "err.required": ("{field}不能为空", "{field} is required"),
    "err.too_long": ("{field}不能超过 {max} 个字符", "{field} must be at most {max} characters"),
    "err.control_chars": ("{field}含有不可见的控制字符", "{field} contains control characters"),
    "err.invisible_chars": (
        "{field}含有看不见的方向控制符或零宽字符，显示会与实际内容不符，请删去",
        "{field} contains invisible direction or zero-width characters, which make it show other than it is;"
        " remove them",
    ),
    "err.text_type": ("{field}应为文字", "{field} must be text"),
    "err.name_invisible": ("{field}含有看不见的字符", "{field} contains invisible characters"),
    "err.name_spaces": ("{field}不能含有空格", "{field} must not contain spaces"),
    "err.password_short": ("密码至少 {min} 个字符", "the password needs at least {min} characters"),
    "err.password_one_class": (
        "密码不能只由一类字符组成（请混合字母、数字或符号）",
        "the password must mix kinds of characters (letters, digits, symbols)",
    ),
    "err.password_common": (
        "该密码是常见或已泄露的密码，请换一个",
        "that password is common or has leaked; choose another",
    ),
    "err.password_is_name": ("密码不能是登录名", "the password must not be the login name"),
    "err.name_confusable": (
        "登录名与已有操作员“{name}”看起来相同，请换一个",
        "the login name looks the same as the existing operator '{name}'; choose another",
    ),
    "err.password_mismatch": ("两次输入的密码不一致", "the two passwords differ"),
    "err.object": ("{field}格式不对，应为一组键值", "{field} must be an object of keys and values"),
    "err.unknown_key": ("不认识的项目“{name}”", "unknown key '{name}'"),
    "err.list": ("{field}应为列表", "{field} must be a list"),
    "err.too_many": ("{field}最多 {max} 项", "{field} takes at most {max} items"),
    "err.choice": ("{field}必须是以下之一：{choices}", "{field} must be one of: {choices}"),
    "err.boolean": ("{field}只能是“是”或“否”", "{field} must be true or false"),
    "err.whole_number": ("{field}应为整数", "{field} must be a whole number"),
    "err.range": ("{field}应在 {min} 到 {max} 之间", "{field} must be between {min} and {max}"),
    "err.time_format": (
        "{field}格式应为 14:30、12-01 14:30、YYYY-MM-DD HH:MM、12月1日14点30分或“现在”",
        "{field} must look like 14:30, 12-01 14:30, YYYY-MM-DD HH:MM, 12月1日14点30分 or now",
    ),
    "err.time_ambiguous": (
        "{field}的日期看不出是几月几日，请写成 12-01（月-日）或 YYYY-MM-DD",
        "{field}: the date could be read two ways; write 12-01 (month-day) or YYYY-MM-DD",
    ),
    "err.time_impossible": ("{field}没有这一天或这一时刻", "{field} is not a real date and time"),
    "err.time_date_only": ("{field}还缺时刻，例如 12-01 14:30", "{field} needs the hour too, e.g. 12-01 14:30"),
    "err.time_future": ("{field}不能晚于现在", "{field} cannot be in the future"),
    "err.time_future_undated": (
        "{field}不能晚于现在；前一天的时刻请带上日期，例如 12-01 23:50",
        "{field} cannot be in the future; for a time of an earlier day, add the date, e.g. 12-01 23:50",
    ),
    "err.time_too_old": ("{field}不能早于 2000 年", "{field} cannot be before 2000"),
    "err.time_too_late": ("{field}不能晚于 {max}", "{field} cannot be after {max}"),
    "err.date_format": ("{field}格式应为 YYYY-MM-DD", "{field} must look like YYYY-MM-DD"),
    "err.postcode": ("{field}应为 6 位数字", "{field} must be 6 digits"),
    "err.id_length": (
        "{field}应为 18 位（或旧式 15 位），现为 {length} 位",
        "{field} must have 18 characters (or the old 15), not {length}",
    ),
    "err.id_format": ("{field}只能由数字组成，最后一位可为 X", "{field} must be digits, the last one may be X"),
    "err.id_birth_date": ("{field}中的出生日期不存在", "{field} holds a birth date that does not exist"),
    "err.id_check_digit": (
        "{field}校验位不对，请核对是否输错",
        "{field} fails the check digit: look for a typing error",
    ),
    "err.id_other_format": ("{field}应为 4–30 位字母或数字", "{field} must be 4 to 30 letters or digits"),
    "err.id_required": ("{field}：个访须登记有效证件", "{field}: an individual visitor must show a valid ID document"),
    "err.id_duplicate": ("{field}与本次登记的另一人重复", "{field} repeats another visitor's"),
    "err.phone_format": (
        "{field}不是有效的手机或带区号的固定电话",
        "{field} is neither a mobile nor a landline with area code",
    ),
    "err.phone_area_code": ("{field}缺少区号（如 0755-）", "{field} needs its area code (such as 0755-)"),
    "err.visitors_required": ("至少登记一位来访人", "register at least one visitor"),
    "err.visitors_over_headcount": (
        "登记了 {listed} 位来访人，多于来访人数 {headcount}",
        "{listed} visitors listed, more than the headcount of {headcount}",
    ),
    "err.individual_one_visitor": (
        "个访（1 人）只登记一位来访人",
        "an individual visit (headcount 1) lists exactly one visitor",
    ),
    "err.signed_individual": ("个访没有签名认可人数", "an individual visit has no signed acknowledgements"),
    "err.rep_none": (
        "多人来访须推选代表（1 至 5 名）",
        "several visitors must elect representatives (1 to 5)",
    ),
    "err.rep_too_many": (
        "五名代表规则：代表最多 {max} 名，现有 {count} 名，可按 Ctrl+G 按个访登记",
        "the 5-representative rule: at most {max} representatives, not {count}; Ctrl+G registers them one by one",
    ),
    "err.individually_heads": (
        "来访 {headcount} 人，但登记 {listed} 人、离开 {left} 人：每人须登记或记为离开",
        "{headcount} came but {listed} are listed and {left} left: list each one or record them as left",
    ),
    "err.individually_left": ("离开人数须为 0 或正整数", "the number who left is a whole number, 0 or more"),
    "err.case_unit_required": ("立案交办须写明交办单位", "a case names the unit it is assigned to"),
    "err.liaison_count": (
        "多人来访须指定且只指定一名联络人（现有 {count} 名）",
        "several visitors name exactly one liaison ({count} named)",
    ),
    "err.liaison_not_rep": ("{field}：联络人必须是代表之一", "{field}: the liaison must be one of the representatives"),
    "err.rep_id_required": (
        "{field}：每名代表须登记有效证件",
        "{field}: every representative must show a valid ID document",
    ),
    "err.group_rep_details": (
        "{field}：集体访须登记每名代表的详细信息",
        "{field}: a group visit records each representative's full details",
    ),
    "err.signed_mismatch": (
        "签名认可人数应为来访人数减代表人数，即 {expected}，而不是 {given}",
        "signed acknowledgements must be headcount minus representatives, {expected}, not {given}",
    ),
    "err.transfer_unit_required": ("转送须写明转送单位", "a transfer names the unit it goes to"),
    "err.reason_required": ("不予受理须选择理由", "not accepting needs one of the reasons"),
    "err.same_matter_unknown": ("没有编号为 {number} 的记录", "there is no record numbered {number}"),
    "err.visit_unknown": ("没有编号为 {number} 的来访登记", "there is no visit numbered {number}"),
    "warn.id_other_name": (
        "{field}：此号码以前登记的是另一个姓名，可能登记错误，请核对证件",
        "{field}: this number was recorded before under another name; perhaps a typing error, check the document",
    ),
    "warn.id_not_ticked": (
        "已登记证件号码，但出示材料未勾选“有效证件”",
        "an ID number is recorded but the papers shown do not include the ID document",
    ),
    "warn.id_place_unknown": (
        "{field}的地区码不在现行代码表中（可能是旧码），请核对证件",
        "{field} has a birthplace code not in the current list (perhaps an old one): check the document",
    ),
    "warn.id_legacy": ("{field}为旧式 15 位号码", "{field} is an old 15-digit number"),
    "id_type.resident": ("居民身份证", "resident ID card"),
    "id_type.passport": ("护照", "passport"),
    "id_type.hk_macau": ("港澳通行证", "Hong Kong/Macau permit"),
    "id_type.taiwan": ("台湾通行证", "Taiwan permit"),
    "id_type.other": ("其他证件", "other document"),
    "kind.individual": ("个访", "individual"),
    "kind.joint": ("联名访", "joint"),
    "kind.group": ("集体访", "group"),
    "disposition.answered": ("当场答复", "answered on the spot"),
    "disposition.transfer": ("转送", "to be transferred"),
    "disposition.case": ("立案交办", "assigned as a case"),
    "disposition.not_accepted": ("不予受理", "not accepted"),
    "reason.congress_court": ("属人大、法院、检察院职权", "a matter for the people's congress, court or procuratorate"),
    "reason.litigation": (
        "应通过诉讼、仲裁、行政复议解决",
        "to be settled by litigation, arbitration or administrative review",
    ),
    "reason.already_handled": ("有关单位已受理或正在办理", "already accepted or being handled by a unit"),
    "reason.accusation": ("检控类事项", "an accusation"),
    "reason.re_reviewed": ("已经复核终结", "already re-reviewed and closed"),
    "notice.congress_court": (
        "您反映的事项依法属于人民代表大会、人民法院或人民检察院的职权范围，请向相应机关提出。",
        "The matter you raise lies by law with the people's congress, the court or the procuratorate; please take it "
        "to them.",
    ),
    "notice.litigation": (
        "您反映的事项已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决，请依法向有关机关提出。",
        "The matter you raise is, or by law must be, settled by litigation, arbitration or administrative review; "
        "please take it to the competent body.",
    ),
    "notice.already_handled": (
        "您反映的事项有关单位已经受理或正在办理，请向该单位了解办理情况。",
        "A responsible unit has already accepted or is handling the matter you raise; please ask that unit about its "
        "progress.",
    ),
    "notice.accusation": (
        "您反映的检控类事项，请向纪检监察机关提出。",
        "Please take your accusation to the discipline and supervision organs.",
    ),
    "notice.re_reviewed": (
        "您反映的事项已经复核，信访程序已经终结，不再受理。",
        "The matter you raise has been re-reviewed; the petition procedure is closed and it is not accepted again.",
    ),
    "paper.id_document": ("有效证件", "ID document"),
    "paper.introduction_letter": ("信访事项介绍信", "introduction letter"),
    "paper.acceptance_notice": ("受理告知书", "acceptance notice"),
    "paper.non_acceptance_notice": ("不予受理告知书", "non-acceptance notice"),
    "paper.handling_opinion": ("处理意见书", "handling opinion"),
    "paper.review_opinion": ("复查意见书", "review opinion"),
    "slip.title": ("来访登记回执", "Visit registration slip"),
    "slip.number": ("登记编号：{number}", "Number: {number}"),
    "slip.query_code": ("查询码：{code}", "Query code: {code}"),
    "slip.date": ("来访时间：{at}", "Visited: {at}"),
    "slip.visitor": ("来访人：{name}（{kind}，{headcount} 人）", "Visitor: {name} ({kind}, {headcount} people)"),
    "slip.subject": ("事由：{subject}", "Subject: {subject}"),
    "slip.next": ("下一步：", "What happens next:"),
    "slip.next.transfer": (
        "本办将于 {due} 前将您的事项转送{unit}办理，该单位应在收到后 15 日内决定是否受理并书面告知您。",
        "This office transfers your matter to {unit} by {due}; the unit decides within 15 days of receipt whether to "
        "accept it and tells you in writing.",
    ),
    "slip.next.case": (
        "您的事项已立案交办，应于 {due} 前办结。",
        "Your matter is assigned as a case and is due to be resolved by {due}.",
    ),
    "slip.next.answered": ("您的事项已当场答复。", "Your matter was answered on the spot."),
    "slip.next.pending": (
        "本办将研究处理，并告知您结果。",
        "This office will look into your matter and tell you the outcome.",
    ),
    "slip.heads": ("{headcount} 人", "{headcount} people"),
    "slip.reps_line": ("代表 {reps} 名，其余 {signed} 人签名认可", "{reps} representatives; {signed} others signed"),
    "slip.legacy": ("（旧式 15 位）", " (old 15-digit)"),
    "slip.due": ("期限 {due}", "due {due}"),
    "slip.batch": ("批次：{batch}（按个访登记）", "Batch: {batch} (received one by one)"),
    "slip.batch_left": ("，{left} 人未登记即离开", "; {left} left unregistered"),
    "slip.flags": ("标记：{flags}", "flags: {flags}"),
    "slip.repeat": ("重访：上次来访 {number}，{at}", "repeat visit: previous visit {number} at {at}"),
    "slip.same_matter": ("同一事项：{channel} {number}", "same matter as {channel} {number}"),
    "slip.by": ("登记人 {who}，{at}", "registered by {who} at {at}"),
    "slip.inquiry": (
        "查询办理进度请致电 {phone}，并报登记编号或查询码。",
        "To ask about progress call {phone} and give the number or the query code.",
    ),
    "channel.visit": ("来访", "visit"),
    "channel.letter": ("来信", "letter"),
    "channel.duty": ("值班", "duty log"),
    "channel.post": ("挂号件", "registered post"),
    "channel.doc": ("收文", "document"),
    "err.role_unknown": (
        "角色必须是以下之一：{choices}",
        "the role must be one of: {choices}",
    ),
    "err.operator_exists": ("操作员“{name}”已存在", "operator '{name}' already exists"),
    "err.operator_unknown": ("没有操作员“{name}”", "there is no operator '{name}'"),
    "err.recover_not_admin": (
        "只能为管理员恢复登录：“{name}”不是管理员（请管理员为其重设密码）",
        "only an admin's sign-in is recovered this way: '{name}' is not an admin (an admin resets it)",
    ),
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
    "err.login_failed": (
        "登录名或密码不正确（连续失败 {failures} 次后须等待 {minutes} 分钟再试）",
        "wrong login name or password (after {failures} failures in a row, wait {minutes} minutes)",
    ),
    "err.operator_disabled": ("操作员“{name}”已停用", "operator '{name}' is disabled"),
    "err.locked_out": (
        "连续登录失败次数过多，账户已锁定至 {until}",
        "too many failed logins: the account is locked until {until}",
    ),
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
