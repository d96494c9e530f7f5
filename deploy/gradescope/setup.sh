#!/usr/bin/env bash
# Gradescope image setup for the softmax kit (tools/build_autograder.py puts
# it in place of otter's setup.sh, which installs Miniforge, Playwright and
# LaTeX: none of them is needed to grade softmax.py).
#
# Base image: Ubuntu 22.04 (any image with Python >= 3.10 and apt works).
# What it installs, all under /opt/softmax-kit, readable by every user (the
# grader runs student code as an unprivileged user, who must be able to run
# this Python):
#   venv/         numpy, torch (the CPU build from the PyTorch index),
#                 hypothesis, threadpoolctl, otter-grader[grading], pooch:
#                 requirements.txt; the grader runs in it
#   worker-venv/  numpy and nothing else (requirements-worker.txt): student
#                 code runs in it
# and it verifies FashionMNIST once: the copy shipped in files/data/ (or, for
# a zip built with --no-data, a checksummed download).
set -euo pipefail

source_dir=/autograder/source
prefix=/opt/softmax-kit
export DEBIAN_FRONTEND=noninteractive

apt-get update -qq
if ! apt-get install -y -qq python3.11 python3.11-venv; then
    apt-get install -y -qq python3 python3-venv
fi
python=$(command -v python3.11 || command -v python3)

umask 022
"$python" -m venv "$prefix/venv"
pip="$prefix/venv/bin/python -m pip install --no-cache-dir --disable-pip-version-check"
$pip --upgrade pip
# torch's CPU wheel (the default PyPI wheels pull in gigabytes of CUDA)
$pip --index-url https://download.pytorch.org/whl/cpu \
    $(grep -E '^torch==' "$source_dir/requirements.txt")
$pip -r "$source_dir/requirements.txt"
if [ -f "$source_dir/requirements-worker.txt" ]; then
    "$python" -m venv "$prefix/worker-venv"
    "$prefix/worker-venv/bin/python" -m pip install --no-cache-dir --disable-pip-version-check \
        -r "$source_dir/requirements-worker.txt"
fi
chmod -R a+rX "$prefix"

cd "$source_dir/files"
"$prefix/venv/bin/python" -m data.fashion_mnist
chmod +x "$source_dir/run_autograder"
