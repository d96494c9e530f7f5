def _address_space_is_limited():
    """Allocate only inside a worker whose address space is capped (<= 8 GiB)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return soft != resource.RLIM_INFINITY and soft <= 8 << 30


def _grab_memory():
    if not _address_space_is_limited():
        raise MemoryError("adversarial: refusing to allocate outside the worker")
    try:
        np.empty((1 << 40,))  # 8 TiB at once
    except MemoryError:
        pass
    hoard = []
    for _ in range(128):  # then 64 MiB at a time, up to 8 GiB
        hoard.append(bytearray(64 << 20))
    return hoard
