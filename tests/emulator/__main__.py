"""python -m tests.emulator --host 127.0.0.1 --port PORT [--db FILE] [--seed demo] [--control]"""

import argparse
import logging
import sys

from tests.emulator.app import create_app


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.emulator",
                                     description="Emulator of Jira + Zephyr Squad, Zephyr Enterprise and Xray.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--db", default=":memory:", help="SQLite file (default: in memory)")
    parser.add_argument("--seed", default="demo", choices=["demo", "empty"])
    parser.add_argument("--control", action="store_true", help="serve the /_emulator control API")
    parser.add_argument("--tls-cert", help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--tls-key", help="private key of --tls-cert")
    parser.add_argument("--quiet", action="store_true", help="no access log")
    args = parser.parse_args(argv)

    from werkzeug.serving import make_server

    app = create_app(db=args.db, seed=args.seed, control=args.control)
    ssl_context = (args.tls_cert, args.tls_key) if args.tls_cert else None
    server = make_server(args.host, args.port, app, threaded=True, ssl_context=ssl_context)
    logging.getLogger("werkzeug").setLevel(logging.ERROR if args.quiet else logging.INFO)
    scheme = "https" if ssl_context else "http"
    print("%s://%s:%d" % (scheme, args.host, server.server_port), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
