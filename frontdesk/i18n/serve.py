"""Messages of ``frontdesk serve`` and of the page it serves."""

MESSAGES: dict[str, tuple[str, str]] = {
    # The one-host rule, checked when any client opens the database.
    "err.db_network": (
        "数据库位于网络文件系统（{fs_type}：{source}）上：{path}。多台电脑经网络共享写同一数据库会损坏数据。"
        "请把数据库放在一台主机的本地磁盘上，在该主机上运行 frontdesk serve，各科室用浏览器访问",
        "the database is on a network filesystem ({fs_type}: {source}): {path}. Several PCs writing one database "
        "through a share corrupt it. Keep the database on one host's own disk, run frontdesk serve on that host, "
        "and open it from the other rooms in a browser",
    ),
    "cli.help.serve": (
        "在本机为办公室网络中的浏览器提供完整界面：每个浏览器标签页各自登录，数据库留在本机。",
        "serve the whole interface to browsers on the office network: each browser tab signs in on its own, the "
        "database stays on this host.",
    ),
    "cli.help.serve_host": (
        "监听地址（默认仅本机 127.0.0.1；其他地址须同时给出证书或 --insecure-http）",
        "address to listen on (default 127.0.0.1, this host only; any other needs a certificate or --insecure-http)",
    ),
    "cli.help.serve_port": ("监听端口", "port to listen on"),
    "cli.help.serve_tls_cert": ("TLS 证书文件（PEM，可含证书链）", "TLS certificate file (PEM, may hold the chain)"),
    "cli.help.serve_tls_key": ("TLS 私钥文件（PEM）", "TLS private key file (PEM)"),
    "cli.help.serve_max_sessions": (
        "同时打开的浏览器会话上限，超出时新标签页显示提示页",
        "most browser sessions at once; the next tab gets a page saying so",
    ),
    "cli.help.serve_insecure_http": (
        "在非本机地址上不加密提供服务（密码以明文经过网络；启动时和每个登录画面都会警告）",
        "serve a non-loopback address without encryption (passwords cross the network in clear; warned on start "
        "and on every sign-in screen)",
    ),
    "serve.err.needs_tls": (
        "在 {host} 上提供服务须加密：请用 --tls-cert 和 --tls-key 指定本单位证书，或在本机地址上运行并由反向代理加密；"
        "确需不加密时加 --insecure-http",
        "serving on {host} needs encryption: give the office's certificate with --tls-cert and --tls-key, or listen "
        "on this host only behind a reverse proxy that encrypts; add --insecure-http only if you must",
    ),
    "serve.err.tls_pair": (
        "--tls-cert 与 --tls-key 须同时给出", "--tls-cert and --tls-key go together: give both",
    ),
    "serve.err.tls_and_insecure": (
        "已给出证书，不能同时使用 --insecure-http", "a certificate is given: --insecure-http cannot be used with it",
    ),
    "serve.err.tls_files": (
        "无法使用证书 {cert} 和私钥 {key}：{reason}",
        "cannot use the certificate {cert} and key {key}: {reason}",
    ),
    "serve.err.listen": (
        "无法在 {host} 端口 {port} 上监听：{reason}",
        "cannot listen on {host} port {port}: {reason}",
    ),
    "serve.err.script": (
        "textual-serve {version} 的网页脚本与本程序不符，请安装 frontdesk 要求的 textual-serve 版本",
        "the page script of textual-serve {version} is not the one this program expects; install the textual-serve "
        "version frontdesk requires",
    ),
    "serve.err.origin": (
        "拒绝来自其他网站页面的连接", "refused: the connection came from another site's page",
    ),
    "serve.warn.root": (
        "警告：正以 root 身份运行。请为 frontdesk 建立专用系统账户并以其身份运行（见 README 中的 systemd 示例）",
        "warning: running as root. Give frontdesk its own system account and run it as that account (see the "
        "systemd example in the README)",
    ),
    "serve.warn.insecure": (
        "警告：未加密（--insecure-http）。密码和登记内容以明文经过网络，同一网络中的任何人都可能看到",
        "warning: not encrypted (--insecure-http). Passwords and records cross the network in clear; anyone on the "
        "network may read them",
    ),
    "serve.started": (
        "frontdesk 已在 {url} 提供服务（最多 {sessions} 个会话）；按 Ctrl+C 停止",
        "frontdesk is serving on {url} (at most {sessions} sessions); press Ctrl+C to stop",
    ),
    "serve.log.killed": (
        "会话进程 {pid} 未在规定时间内退出，已强制结束", "the session process {pid} did not end in time and was killed",
    ),
    "serve.page.title": ("frontdesk 信访接待", "frontdesk"),
    "serve.page.starting": ("正在打开……", "Opening…"),
    "serve.page.ended": (
        "会话已结束（已退出、标签页关闭或服务已停止）。重新打开后请再次登录。",
        "The session has ended (quit, closed, or the server stopped). Open it again and sign in.",
    ),
    "serve.page.restart": ("重新打开", "Open again"),
    "serve.full.heading": ("同时使用的会话已满", "All sessions are in use"),
    "serve.full.message": (
        "本服务最多同时打开 {sessions} 个会话，现已全部占用。"
        "请关闭不用的标签页后刷新本页，或请管理员调整 --max-sessions。",
        "This server runs at most {sessions} sessions at once and all are in use. Close a tab that is not needed "
        "and reload this page, or ask the administrator to raise --max-sessions.",
    ),
    "tui.login.insecure": (
        "警告：本连接未加密，密码以明文经过网络。请联系管理员配置证书。",
        "Warning: this connection is not encrypted; the password crosses the network in clear. Ask the "
        "administrator to set up a certificate.",
    ),
    "tui.key.served_alternative": ("（浏览器中：{key}）", "(in a browser: {key})"),
}
