"""An independent PyTorch implementation of the seed's MLM encoder, the reference of mlm-lab's
parity test: the forward pass of mlm_recipe.py (which shares no code with the Java model, only the
design) on the Java model's weights.

    python3 mlm_reference.py WEIGHTS.npz INPUTS.npz OUT.npz

WEIGHTS.npz: one float32 array per parameter, by its path in the model (tok.weight,
layers.0.attention.qkv.weight, layers.0.n1.weight, ...).
INPUTS.npz: ids (B, T) int64, pad (B, T) bool, heads () int.  OUT.npz: logits (B, T, V) float32.
"""
import sys

import numpy as np
import torch

from mlm_recipe import forward


def main(weights, inputs, out):
    p = {k: torch.from_numpy(v) for k, v in np.load(weights).items()}
    data = np.load(inputs)
    with torch.no_grad():
        pad = torch.from_numpy(data['pad'])
        segments = (~pad).long()   # one sentence per row: real tokens are segment 1, padding 0
        logits = forward(p, torch.from_numpy(data['ids']), segments, int(data['heads']))
    np.savez(out, logits=logits.numpy())


if __name__ == '__main__':
    main(*sys.argv[1:4])
