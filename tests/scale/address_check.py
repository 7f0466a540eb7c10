#!/usr/bin/python3
"""The scheduler address check of cfecs-dask, run in-process with every way
out of it blocked: connect(), name lookups and child processes raise and are
counted, so a refusal that came after an attempt to connect (or to list the
source with rclone) fails, and nothing is ever contacted.

address_check.py SCRIPT SCRATCH: prints "ok NAME" / "FAIL NAME: why" lines.
"""

import contextlib
import importlib.machinery
import importlib.util
import io
import json
import os
import socket
import subprocess
import sys

attempts = []


def blocked(what):
    def f(*args, **kwargs):
        attempts.append(what)
        raise OSError(f"blocked by the test: {what}")
    return f


socket.socket.connect = blocked("connect")
socket.socket.connect_ex = blocked("connect_ex")
socket.create_connection = blocked("create_connection")
socket.getaddrinfo = blocked("getaddrinfo")
subprocess.Popen.__init__ = blocked("Popen")


def load(path):
    loader = importlib.machinery.SourceFileLoader("cfecs_dask", path)
    spec = importlib.util.spec_from_loader("cfecs_dask", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def result(name, good, why=""):
    print(f"ok {name}" if good else f"FAIL {name}: {why}")


def refused(mod, name, argv, text):
    """main(argv) exits 2 with TEXT in its message, having contacted
    nothing."""
    del attempts[:]
    err = io.StringIO()
    code = None
    with contextlib.redirect_stderr(err):
        try:
            mod.main(argv)
        except SystemExit as e:
            code = e.code
        except Exception as e:          # noqa: BLE001 - any escape is a failure
            code = f"{type(e).__name__}: {e}"
    msg = err.getvalue()
    result(f"refused: {name}", code == 2 and text in msg and not attempts,
           f"exit {code!r}, attempts {attempts}, message {msg!r}")


def accepted(mod, name, addr, tls=False, trust=False):
    try:
        mod.check_scheduler_address(addr, tls, trust)
        result(f"accepted: {name}", not attempts, f"attempts {attempts}")
    except mod.Refused as e:
        result(f"accepted: {name}", False, str(e))


def main():
    script, scratch = sys.argv[1:3]
    mod = load(script)
    src, dst = "s3:logs/raw", "s3:logs/ecs"
    for addr in ("tcp://192.0.2.1:8786", "192.0.2.1:8786",
                 "tcp://scheduler.example:8786", "tcp://[2001:db8::1]:8786",
                 "tcp://0.0.0.0:8786", "ws://192.0.2.1:8786",
                 "tcp://127.0.0.1.example:8786"):
        refused(mod, f"plain {addr}", ["--scheduler", addr, src, dst],
                "refusing an unencrypted scheduler")
    refused(mod, "tls:// without certificates",
            ["--scheduler", "tls://192.0.2.1:8786", src, dst],
            "needs --tls-ca-file")
    refused(mod, "TLS files with a tcp:// address",
            ["--scheduler", "tcp://192.0.2.1:8786", "--tls-ca-file", "ca",
             "--tls-cert", "c", "--tls-key", "k", src, dst], "use tls://")
    sched = os.path.join(scratch, "remote-scheduler.json")
    with open(sched, "w") as f:
        json.dump({"address": "tcp://198.51.100.7:8786"}, f)
    refused(mod, "scheduler file naming another host",
            ["--scheduler-file", sched, src, dst],
            "refusing an unencrypted scheduler")
    refused(mod, "destination inside the source",
            ["--scheduler", "tcp://127.0.0.1:1", src, src + "/ecs"],
            "inside the source")
    refused(mod, "a per-run cfecs option",
            ["--scheduler", "tcp://127.0.0.1:1", src, dst, "--", "-o", "x"],
            "-o: not an option")

    accepted(mod, "tcp://127.0.0.1", "tcp://127.0.0.1:8786")
    accepted(mod, "127.0.0.2 without a scheme", "127.0.0.2:8786")
    accepted(mod, "tcp://localhost", "tcp://localhost:8786")
    accepted(mod, "tcp://[::1]", "tcp://[::1]:8786")
    accepted(mod, "tls:// with certificates", "tls://192.0.2.1:8786", tls=True)
    accepted(mod, "tcp:// with --trust-network", "tcp://192.0.2.1:8786",
             trust=True)
    accepted(mod, "inproc://", "inproc://10.0.0.1/1/1")


if __name__ == "__main__":
    main()
