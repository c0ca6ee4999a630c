"""An on-path attacker for the status feed, for the end-to-end tests (loopback only):

    feed_proxy.py PORT swallow             answer 200 to every POST, forwarding nothing
    feed_proxy.py PORT replay UPSTREAM     forward the first POST, then answer every later one
                                           with the first answer's headers (its acknowledgement)
    feed_proxy.py PORT forward UPSTREAM    forward every POST to another responder
"""
import http.server
import sys
import urllib.error
import urllib.request

port, mode = int(sys.argv[1]), sys.argv[2]
upstream = sys.argv[3] if len(sys.argv) > 3 else None
recorded = {}


def forward(path, body, headers):
    request = urllib.request.Request(upstream + path, data=body, method="POST")
    for name in ("content-type", "feed-nonce"):
        if headers.get(name):
            request.add_header(name, headers[name])
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        if mode == "swallow":
            status, headers, answer = 200, {}, b"applied\n"
        elif mode == "replay" and recorded:
            status, headers, answer = recorded["answer"]
        else:
            status, headers, answer = forward(self.path, body, self.headers)
            recorded.setdefault("answer", (status, headers, answer))
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() in ("feed-ack", "feed-sequence"):
                self.send_header(name, value)
        self.send_header("content-length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
