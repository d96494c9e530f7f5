"""Where FashionMNIST's four files can come from, with the standard library only.

The file names, their official checksums, the folders searched (in order) and
the two ways to fetch them (Debian's ``dataset-fashion-mnist``, a download).
``data.fashion_mnist`` verifies and loads what is found here;
``tools/setup_env.py`` uses this module before any environment exists, to stop
(or install the Debian package) before building anything.
"""

import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_ROOT = Path(__file__).resolve().parent
ENV_DIR = "FASHION_MNIST_DIR"
ENV_DEBIAN_DIR = "SOFTMAX_KIT_DEBIAN_FASHION_DIR"
DEBIAN_PACKAGE = "dataset-fashion-mnist"

SPLIT_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
FILE_NAMES = tuple(name for pair in SPLIT_FILES.values() for name in pair)

# SHA-256 of the decompressed official files.  Debian recompressed the .gz
# archives (so their MD5s differ from the official ones), but the decompressed
# content is the official one: its MD5s match those published for it.
EXPECTED_SHA256 = {
    "train-images-idx3-ubyte":
        "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte":
        "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte":
        "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte":
        "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}

#: Zalando's mirror and the MD5s of its .gz files (as published with the data set)
MIRROR = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"
DOWNLOAD_MD5 = {
    "train-images-idx3-ubyte": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
    "train-labels-idx1-ubyte": "25c81989df183df01b3e8a0aad5dffbe",
    "t10k-images-idx3-ubyte": "bef4ecab320f06d8554ea6380940ec79",
    "t10k-labels-idx1-ubyte": "bb300cfdad3c16e7a12a480ee83cd310",
}
DOWNLOAD_TIMEOUT_S = 20.0
FILES_PATTERN = "{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]"


def debian_dir():
    """The folder of Debian's package (``SOFTMAX_KIT_DEBIAN_FASHION_DIR`` overrides it)."""
    return Path(os.environ.get(ENV_DEBIAN_DIR) or "/usr/share/datasets/fashion-mnist")


def raw_dir(root):
    """The layout the kit keeps decompressed files in: ``root/FashionMNIST/raw``."""
    return Path(root) / "FashionMNIST" / "raw"


def candidate_dirs(root=None, default_root=DEFAULT_ROOT, debian=None):
    """The folders to search, in order, as ``(label, path)`` pairs.

    ``root`` (else ``FASHION_MNIST_DIR``), the kit's ``data/``, Debian's folder.
    """
    debian = debian_dir() if debian is None else Path(debian)
    candidates = []
    if root is not None:
        path = Path(root).expanduser()
        candidates.append((f"root {path}", path))
    elif os.environ.get(ENV_DIR):
        path = Path(os.environ[ENV_DIR]).expanduser()
        candidates.append((f"{ENV_DIR}={path}", path))
    candidates.append((f"kit data folder {default_root}", Path(default_root)))
    candidates.append((f"Debian package folder {debian}", debian))
    unique, seen = [], set()
    for label, path in candidates:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append((label, path))
    return unique


def find_files(directory):
    """Map each file name to where ``directory`` holds it (possibly fewer than four).

    ``FashionMNIST/raw/`` is searched before the folder itself, and in each
    the decompressed file before the gzipped one.
    """
    found = {}
    for name in FILE_NAMES:
        for folder in (raw_dir(directory), Path(directory)):
            for path in (folder / name, folder / f"{name}.gz"):
                if path.is_file():
                    found.setdefault(name, path)
    return found


def describe_miss(directory, found):
    """Why ``directory`` does not count, in a few words."""
    if not Path(directory).is_dir():
        return "no such folder"
    if not found:
        return "none of the four files"
    missing = ", ".join(n for n in FILE_NAMES if n not in found)
    return f"only {len(found)} of the four files (missing {missing})"


def found_locally(root=None, default_root=DEFAULT_ROOT, debian=None):
    """Whether some folder holds all four files (not yet verified)."""
    return any(len(find_files(path)) == len(FILE_NAMES)
               for _, path in candidate_dirs(root, default_root, debian))


def dns_failure(urls=(MIRROR,), timeout=DOWNLOAD_TIMEOUT_S):
    """Why no host of ``urls`` resolves within ``timeout`` s; None if one does.

    The socket timeout does not bound ``getaddrinfo``, which can hang for
    minutes on a badly offline machine, so the lookup runs in a daemon thread
    that is abandoned after ``timeout``.
    """
    errors = {}

    def resolve(host):
        try:
            socket.getaddrinfo(host, 80)
            errors[host] = None
        except OSError as exc:
            errors[host] = one_line(exc)

    hosts = sorted({urlsplit(url).hostname for url in urls})
    threads = [threading.Thread(target=resolve, args=(host,), daemon=True) for host in hosts]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    if any(host in errors and errors[host] is None for host in hosts):
        return None
    return "; ".join(f"cannot resolve {host} "
                     f"({errors.get(host) or f'no answer in {timeout:g} s'})"
                     for host in hosts)


def can_install_debian_package():
    """Whether this process may install Debian's package itself: root with apt-get."""
    return (hasattr(os, "geteuid") and os.geteuid() == 0
            and shutil.which("apt-get") is not None)


def install_debian_package(log=print, package=DEBIAN_PACKAGE):
    """``apt-get install PACKAGE`` (after ``apt-get update`` if needed).

    Returns
    -------
    str or None
        None on success, else apt's last line of error.
    """
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "install", "-y", "-qq", package]
    log(f"Installing Debian's {package} ...")
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode == 0:
        return None
    lines = (done.stderr or done.stdout).strip().splitlines()
    return lines[-1] if lines else f"apt-get exited with {done.returncode}"


def one_line(message):
    return " ".join(str(message).split())
