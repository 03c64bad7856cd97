"""An independent PyTorch implementation of the seed's MLM encoder, the reference of mlm-lab's
parity test. It shares no code with the Java model: only the design (learned positions, pre-norm
RMSNorm layers, padding mask, GELU feed-forward, dim -> vocab head) and the weights.

    python3 mlm_reference.py WEIGHTS.npz INPUTS.npz OUT.npz

WEIGHTS.npz: one float32 array per parameter, by its path in the model (tok.weight,
layers.0.attention.qkv.weight, layers.0.n1.weight, ...).
INPUTS.npz: ids (B, T) int64, pad (B, T) bool, heads () int.  OUT.npz: logits (B, T, V) float32.
"""
import sys

import numpy as np
import torch
import torch.nn.functional as F


def rms_norm(x, w, eps=1e-6):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def forward(p, ids, pad, heads):
    b, t = ids.shape
    d = p['tok.weight'].shape[1]
    x = p['tok.weight'][ids] + p['pos.weight'][:t]
    bias = pad[:, None, None, :].float() * -1e9  # no query attends to a padded key
    i = 0
    while f'layers.{i}.n1.weight' in p:
        L = lambda name: p[f'layers.{i}.{name}']
        h = rms_norm(x, L('n1.weight'))
        q, k, v = F.linear(h, L('attention.qkv.weight'), L('attention.qkv.bias')).view(b, t, 3, heads, d // heads).permute(2, 0, 3, 1, 4)
        a = (q @ k.transpose(-1, -2)) / (d // heads) ** 0.5 + bias
        x = x + F.linear((a.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d), L('attention.o.weight'), L('attention.o.bias'))
        h = rms_norm(x, L('n2.weight'))
        x = x + F.linear(F.gelu(F.linear(h, L('ffn.f1.weight'), L('ffn.f1.bias'))), L('ffn.f2.weight'), L('ffn.f2.bias'))
        i += 1
    x = rms_norm(x, p['norm.weight'])
    head = p['head.weight'] if 'head.weight' in p else p['tok.weight']  # tied head shares the embedding
    return F.linear(x, head, p['head.bias'])


def main(weights, inputs, out):
    p = {k: torch.from_numpy(v) for k, v in np.load(weights).items()}
    data = np.load(inputs)
    with torch.no_grad():
        logits = forward(p, torch.from_numpy(data['ids']), torch.from_numpy(data['pad']), int(data['heads']))
    np.savez(out, logits=logits.numpy())


if __name__ == '__main__':
    main(*sys.argv[1:4])
