#!/usr/bin/env python3
"""Peak memory (RSS) of the release binary against a hostile loopback server: huge Reasons, JSON of a
million tiny values, an endless body (line mode), and a 2 MiB user-info name (the TUI, in a PTY).
Prints one line per case and whether it stays under 32 MiB. Linux only; needs /usr/bin/time.

    cargo build --release && python3 benches/hostile_memory.py
"""
import fcntl, http.server, json, os, pty, select, struct, subprocess, sys, tempfile, termios, threading, time

BIN = os.environ.get("AUTOSHARES_BIN") or os.path.join(os.path.dirname(__file__), "..", "target", "release", "autoshares-login")
HUGE = 2 * 1024 * 1024 - 4096
LIMIT_KIB = 32 * 1024
HOSTILE = "\x1b[2J\u202eNAME-zK71 "
TOKEN = "FINAL-TOKEN-zK70-0123456789abcdef"


def text(size):
    return HOSTILE * (size // len(HOSTILE.encode()))


CASES = {
    "reason": lambda get: (202, json.dumps({"State": "Expecting", "Step": "VerificationCode",
                                            "Reason": text(HUGE - 200), "Token": "T1"})),
    "values": lambda get: (200, '{"State":"Succeeded","Token":"%s","Junk":[%s1]}' % (TOKEN, "1," * (HUGE // 2))),
    "user": lambda get: (200, json.dumps({"FirstName": text(HUGE // 2 - 100), "Login": "u"}) if get
                         else json.dumps({"State": "Succeeded", "Token": TOKEN})),
}


def serve(case):
    class Handler(http.server.BaseHTTPRequestHandler):
        def reply(self, get):
            status, body = CASES[case](get)
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except OSError:
                pass

        def do_POST(self):
            self.reply(False)

        def do_GET(self):
            self.reply(True)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def line_mode(case):
    server = serve(case)
    url = "http://127.0.0.1:%d/api" % server.server_address[1]
    with tempfile.NamedTemporaryFile() as out:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out.name, BIN, "--no-tui", "--url", url,
                        "--app-key", "key", "--username", "u"], input=b"pw\n", capture_output=True)
        peak = int(open(out.name).read().split()[-1])
    server.shutdown()
    return peak


def tui_user_info():
    server = serve("user")
    url = "http://127.0.0.1:%d/api" % server.server_address[1]
    env = dict(os.environ, TERM="xterm-256color", AUTOSHARES_PASSWORD="pw")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(BIN, [BIN, "--url", url, "--app-key", "key", "--username", "u", "--clipboard", "off"], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen, deadline, sent = b"", time.time() + 20, False
    while time.time() < deadline:
        if select.select([fd], [], [], 0.1)[0]:
            chunk = os.read(fd, 65536)
            seen += chunk
        if not sent and b"login" in seen:
            os.write(fd, b"\r")
            sent = True
        if b"NAME-zK71" in seen:
            break
    time.sleep(0.5)
    status = open("/proc/%d/status" % pid).read()
    peak = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1])
    os.write(fd, b"q")
    os.waitpid(pid, 0)
    server.shutdown()
    return peak


def main():
    rows = [("line mode, a 2 MiB Reason", line_mode("reason")),
            ("line mode, 2 MiB of tiny JSON values", line_mode("values")),
            ("TUI, a 2 MiB user-info name", tui_user_info())]
    for what, peak in rows:
        print("%-40s peak RSS %6.1f MiB  %s" % (what, peak / 1024, "ok" if peak < LIMIT_KIB else "OVER 32 MiB"))
    return 0 if all(peak < LIMIT_KIB for _, peak in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
