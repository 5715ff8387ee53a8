// Runs before textual.js starts the terminal (at window load): the websocket
// is the page's own address, so the page works unchanged behind a reverse
// proxy, under a path prefix, and over https (wss). Nothing goes into the
// address but the terminal's size.
// The Latin fallback font is loaded before the terminal measures its cells.
if (document.fonts) {
  document.fonts.load('16px "Roboto Mono"');
}
document.addEventListener("DOMContentLoaded", () => {
  const terminal = document.getElementById("terminal");
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  let path = window.location.pathname;
  if (!path.endsWith("/")) {
    path = path.slice(0, path.lastIndexOf("/") + 1);
  }
  terminal.dataset.sessionWebsocketUrl = scheme + "//" + window.location.host + path + "ws";
  document.getElementById("restart").addEventListener("click", () => {
    window.location.reload();
  });
});
