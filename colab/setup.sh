#!/usr/bin/env bash
# Colab: makes the lab's Java kernel available to a Colab runtime. In a first (Python) cell:
#   !git clone <this repository> mlm-lab && bash mlm-lab/colab/setup.sh
# then open a lesson (File > Open notebook > GitHub, or upload it) and choose Runtime > Change runtime
# type; the kernel is "Java (mlm-lab)". Colab runs as root, so ./lab setup installs the JDK, Maven and
# fonts with apt-get itself. Colab starts kernels over IPC sockets, which the Java kernel's ZeroMQ
# cannot use: the kernelspec installed here is colab/ipc_bridge.py, which forwards to the Java kernel
# over TCP. Tested here through Jupyter's ipc transport (./lab test), not on Colab itself.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export MLM_LAB_HEAP="${MLM_LAB_HEAP:-2g}"   # Colab's free runtime has about 12 GB
./lab setup
./lab student
python3 colab/ipc_bridge.py --install build/kernelspec/mlm-lab/kernel.json "$(jupyter --data-dir)/kernels/mlm-lab"
