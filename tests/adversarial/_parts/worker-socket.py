def _worker_socket():
    """The worker's end of the channel to the grader (its fd follows --fd)."""
    if os.path.basename(sys.argv[0]) != "worker.py" or "--fd" not in sys.argv[:-1]:
        return None
    try:
        return socket.socket(fileno=os.dup(int(sys.argv[sys.argv.index("--fd") + 1])))
    except (OSError, ValueError):
        return None


def _send_raw(sock, head, buffers=()):
    """One frame as the wire format has it: length, JSON header, buffers."""
    frame = struct.pack("!Q", len(head)) + head
    for buffer in buffers:
        frame += struct.pack("!Q", len(buffer)) + buffer
    sock.sendall(frame)
