"""The static floor for bench/run.py: the same answer as a static page, so the cost of the
framework is visible beside each figure (issue 21, item 5).

- `snapshot(page)` turns a page that Streamlit has drawn into one self-contained HTML
  document: the drawn DOM, every style rule inlined, charts kept (a canvas becomes an image
  of itself), the state of every radio and checkbox kept, and no script at all.
- `change_page(first, second, group)` makes a static page of two such snapshots that swaps
  the main area when an option of the radio group `group` is chosen: what a page with no
  framework costs for the same change.
- `StaticServer` serves those documents from memory on a free local port (nothing is
  written to disk).
"""

from __future__ import annotations

import http.server
import json
import threading

# The drawn page as HTML: scripts and preloads dropped, style rules inlined, canvases as images,
# checked and typed states as attributes (the DOM keeps them as properties, which outerHTML loses).
SNAPSHOT_JS = """
() => {
  const live = [...document.querySelectorAll('canvas, input')];
  const copy = document.documentElement.cloneNode(true);
  const copies = [...copy.querySelectorAll('canvas, input')];
  live.forEach((el, i) => {
    const twin = copies[i];
    if (el.tagName === 'CANVAS') {
      const img = document.createElement('img');
      img.src = el.toDataURL();
      img.width = el.width; img.height = el.height;
      img.style.cssText = el.style.cssText;
      twin.replaceWith(img);
    } else if (el.checked) twin.setAttribute('checked', '');
    else if (el.value) twin.setAttribute('value', el.value);
  });
  copy.querySelectorAll('script, link[rel=modulepreload], link[rel=stylesheet], style').forEach((e) => e.remove());
  let css = '';
  for (const sheet of document.styleSheets) {
    const from = sheet.href || location.href;  // url(...) made absolute: the snapshot is served elsewhere
    try {
      for (const rule of sheet.cssRules) {
        css += rule.cssText.replace(/url\\("([^"]+)"\\)/g, (m, u) => u.startsWith('data:') ? m : `url("${new URL(u, from)}")`) + '\\n';
      }
    } catch (e) { /* another origin */ }
  }
  const style = document.createElement('style');
  style.textContent = css;
  const base = document.createElement('base');
  base.href = location.origin + '/';
  copy.querySelector('head').prepend(base, style);
  return '<!doctype html>' + copy.outerHTML;
}
"""

# The main area's HTML, to swap in on the static change page.
MAIN_HTML_JS = "() => document.querySelector(\"[data-testid='stMain']\").innerHTML"

SWAP_SCRIPT = """
<script>
(() => {
  const views = %s;
  let shown = 0;
  document.addEventListener('change', (e) => {
    const group = e.target.closest('[role=radiogroup]');
    if (!group || group.getAttribute('aria-label') !== %s) return;
    shown = 1 - shown;
    document.querySelector("[data-testid='stMain']").innerHTML = views[shown];
  }, true);
})();
</script>
"""


def change_page(first: str, second_main: str, group: str) -> str:
    """A static page: the snapshot `first`; choosing an option of the radio group labelled
    `group` swaps its main area for `second_main` and back, as a rerun would redraw it."""
    views = "[document.querySelector(\"[data-testid='stMain']\").innerHTML, " + json.dumps(second_main).replace("</", "<\\/") + "]"
    return first.replace("</body>", SWAP_SCRIPT % (views, json.dumps(group)) + "</body>", 1)


class StaticServer:
    """Serves {path: HTML} from memory on 127.0.0.1 at a free port, in a thread."""

    def __init__(self) -> None:
        self.documents: dict[str, bytes] = {}
        documents = self.documents

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # the name http.server calls
                body = documents.get(self.path.split("?")[0])
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "max-age=3600")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:  # quiet
                pass

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def start(self) -> StaticServer:
        self._thread.start()
        return self

    def put(self, path: str, html: str) -> str:
        """Serve `html` at `path`; returns its URL."""
        self.documents[path] = html.encode()
        return self.url + path

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
