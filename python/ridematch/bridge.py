"""Relays a policy's stdin and stdout to a Unix socket: the policy command that
:class:`ridematch.DispatchEnv` gives ridematch (``python3 -m ridematch.bridge SOCKET``), so
the environment, not a child of ridematch, answers each decision epoch."""

import os
import socket
import sys
import threading


def relay(path):
    """Connects to ``path`` and copies stdin to the socket and the socket to stdout until
    either side ends."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)

    def inbound():
        while True:
            data = os.read(0, 65536)
            if not data:
                break
            sock.sendall(data)
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    threading.Thread(target=inbound, daemon=True).start()
    while True:
        data = sock.recv(65536)
        if not data:
            break
        os.write(1, data)
    os._exit(0)


if __name__ == "__main__":
    relay(sys.argv[1])
