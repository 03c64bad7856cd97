"""mlm-lab's training recipe in plain PyTorch eager: the reference `./lab bench train` and
`./lab bench quality` run next to the Java loop. It shares no code with the Java library, only
the recipe:

- the seed's encoder: token + learned position embeddings, pre-norm RMSNorm layers, one qkv
  projection, GELU feed-forward (as wide as the weights given), final RMSNorm, dim -> vocab head;
- packed rows: several sentences side by side in a 128-token row, each token attending only to
  its own sentence, positions restarting at 0 for every sentence;
- the head only at the masked positions (a sparse head), cross-entropy there;
- AdamW (decay on the linear layers' matrices only), global-norm clipping, linear warmup then
  a cosine, a line, or warmup-stable-decay down to a fraction of the peak, over steps or over
  seconds of training.

    python3 mlm_recipe.py CONFIG.json WEIGHTS.npz EVAL.npz < batches

CONFIG.json: the sizes and settings (see main). WEIGHTS.npz: the starting weights, named as the
Java model names them (tok.weight, layers.0.attention.qkv.weight, ...). EVAL.npz: held-out rows,
ids / segments / labels (R, T) int32. stdin: the training batches in the order to train on,
each an int32 row count R then ids, segments and labels, R x T int32 each, little-endian.
Labels are the original id at masked positions, -100 elsewhere; segments 0 for padding, else
which sentence of the row a token belongs to. stdout: one JSON object per line.
"""
import contextlib
import json
import os
import math
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

IGNORE = -100
MASKED_SCORE = -1e9


def rms_norm(x, w, eps=1e-6):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def positions_of(segments):
    """Each token's index within its own sentence: the row index minus where its sentence starts."""
    t = segments.shape[1]
    index = torch.arange(t).expand_as(segments)
    starts = torch.ones_like(segments, dtype=torch.bool)
    starts[:, 1:] = segments[:, 1:] != segments[:, :-1]
    start = torch.where(starts, index, torch.zeros_like(index)).cummax(1).values
    return torch.where(segments > 0, index - start, index)


def forward(p, ids, segments, heads, masked=None):
    """Logits (B, T, V), or (K, V) at the flat positions `masked` (b * T + t) only."""
    b, t = ids.shape
    d = p['tok.weight'].shape[1]
    x = p['tok.weight'][ids] + p['pos.weight'][positions_of(segments)]
    allowed = (segments[:, :, None] == segments[:, None, :]) & (segments[:, None, :] != 0)
    bias = (~allowed).float()[:, None] * MASKED_SCORE   # (B, 1, T, T): a query sees its own sentence only
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
    if masked is not None:
        x = x.reshape(-1, d)[masked]
    head = p['head.weight'] if 'head.weight' in p else p['tok.weight']  # a tied head shares the embedding
    return F.linear(x, head, p['head.bias'])


def learning_rate(c, progress):
    """Linear warmup to the peak, then down to final_fraction of it: a cosine, a line, or held and then a line
    over the last 20% of the budget (warmup-stable-decay)."""
    peak, warmup, final, shape = c['lr'], c['warmup'], c['final_fraction'], c.get('decay', 'COSINE')
    if progress < warmup:
        return peak * progress / warmup
    start = max(warmup, 0.8) if shape == 'WARMUP_STABLE_DECAY' else warmup
    decayed = max(0.0, min(1.0, (progress - start) / (1 - start)))
    remaining = 0.5 * (1 + math.cos(math.pi * decayed)) if shape == 'COSINE' else 1 - decayed
    return peak * (final + (1 - final) * remaining)


def read_batch(stream, t):
    head = stream.read(4)
    if len(head) < 4:
        return None
    rows = int(np.frombuffer(head, '<i4')[0])
    body = stream.read(3 * rows * t * 4)
    a = torch.from_numpy(np.frombuffer(body, '<i4').astype(np.int64).reshape(3, rows, t))
    return a[0], a[1], a[2]


def evaluate(p, heads, data, rows_per_batch=64):
    """Mean loss and accuracy over the masked tokens of the held-out rows."""
    loss, correct, n = 0.0, 0, 0
    with torch.no_grad():
        for s in range(0, data['ids'].shape[0], rows_per_batch):
            ids, seg, lab = (data[k][s:s + rows_per_batch] for k in ('ids', 'segments', 'labels'))
            flat = lab.reshape(-1)
            masked = (flat != IGNORE).nonzero().squeeze(1)
            if masked.numel() == 0:
                continue
            logits = forward(p, ids, seg, heads, masked)
            loss += F.cross_entropy(logits, flat[masked], reduction='sum').item()
            correct += (logits.argmax(-1) == flat[masked]).sum().item()
            n += masked.numel()
    return loss / n, correct / n


def main(config_file, weights_file, eval_file):
    c = json.load(open(config_file))
    torch.manual_seed(c.get('seed', 0))
    torch.set_num_threads(c['threads'])
    heads, t = c['heads'], c['max_length']
    p = {k: torch.from_numpy(v).requires_grad_() for k, v in np.load(weights_file).items()}
    held_out = {k: torch.from_numpy(v.astype(np.int64)) for k, v in np.load(eval_file).items()}
    # Decay what is a linear layer's matrix: two-dimensional, not an embedding table.
    decays = {name: w.dim() == 2 and name not in ('tok.weight', 'pos.weight') for name, w in p.items()}
    decayed = [w for name, w in p.items() if decays[name]]
    rest = [w for name, w in p.items() if not decays[name]]
    optimizer = torch.optim.AdamW([{'params': decayed, 'weight_decay': c['weight_decay']}, {'params': rest, 'weight_decay': 0.0}],
                                  lr=c['lr'], betas=(c['beta1'], c['beta2']), eps=c['epsilon'])
    params = list(p.values())

    def report(**fields):
        print(json.dumps(fields), flush=True)

    def evaluation(step, seconds):
        loss, accuracy = evaluate(p, heads, held_out)
        report(event='eval', step=step, seconds=seconds, loss=loss, accuracy=accuracy)

    # ./lab bench profile --torch: the last profile_steps steps each under PyTorch's profiler, one trace a step (as the
    # Java side profiles its own), with the phases of the step marked.
    profile_steps = c.get('profile_steps', 0)
    total_steps = c['steps']

    def phase(name, profiling):
        return torch.profiler.record_function('phase: ' + name) if profiling else contextlib.nullcontext()

    # ./lab bench train's second reference: the same step under torch.compile. The number of hidden tokens changes from
    # batch to batch, so the forward is compiled with dynamic shapes (one graph for every count): the timed steps must
    # not compile again, and the graphs compiled are counted before and after them to show it.
    model = torch.compile(forward, dynamic=True) if c.get('compile') else forward
    first_step_seconds, graphs_before_timing = 0.0, 0

    def graphs():
        return torch._dynamo.utils.counters['stats']['unique_graphs'] if c.get('compile') else 0

    step, seconds, timed_seconds, timed_tokens = 0, 0.0, 0.0, 0
    if c['evaluate_every'] > 0:
        evaluation(0, 0.0)
    stdin = sys.stdin.buffer
    while True:
        progress = step / c['steps'] if c['steps'] > 0 else seconds / c['seconds']
        if progress >= 1 - 1e-9:
            break
        profiling = profile_steps > 0 and step >= total_steps - profile_steps
        profiler = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) if profiling else contextlib.nullcontext()
        with profiler:
            start = time.perf_counter()
            with phase('batch', profiling):
                batch = read_batch(stdin, t)
            if batch is None:
                report(event='error', message=f'the batches ran out after {step} steps')
                sys.exit(1)
            ids, seg, lab = batch
            with phase('forward', profiling):
                flat = lab.reshape(-1)
                masked = (flat != IGNORE).nonzero().squeeze(1)
                loss = F.cross_entropy(model(p, ids, seg, heads, masked), flat[masked])
            with phase('backward', profiling):
                loss.backward()
            with phase('clipping', profiling):
                norm = torch.sqrt(sum((w.grad * w.grad).sum() for w in params)).item()
                if c['clip'] > 0 and norm > c['clip']:
                    for w in params:
                        w.grad.mul_(c['clip'] / norm)
            step += 1
            elapsed = time.perf_counter() - start   # the rate where the schedule stands at the update, as the Java loop does
            lr = learning_rate(c, step / c['steps'] if c['steps'] > 0 else (seconds + elapsed) / c['seconds'])
            with phase('optimizer', profiling):
                for group in optimizer.param_groups:
                    group['lr'] = lr
                optimizer.step()
                optimizer.zero_grad(set_to_none=False)
            step_seconds = time.perf_counter() - start
        if profiling:
            profiler.export_chrome_trace(os.path.join(c['profile_dir'], f'torch-profile-{step:06d}.json'))
        seconds += step_seconds
        if step == 1:
            first_step_seconds = step_seconds   # when compiling, the first step compiles the forward and backward
        if step == c['warmup_steps']:
            graphs_before_timing = graphs()
        tokens = int((seg > 0).sum())
        if step > c['warmup_steps']:
            timed_seconds += step_seconds
            timed_tokens += tokens
        if c['log_steps']:
            report(event='step', step=step, loss=loss.item(), norm=norm, lr=lr, tokens=tokens, seconds=step_seconds)
        if c['evaluate_every'] > 0 and step % c['evaluate_every'] == 0:
            evaluation(step, seconds)
    if c['evaluate_every'] > 0 and step % c['evaluate_every'] != 0:
        evaluation(step, seconds)
    report(event='done', steps=step, seconds=seconds,
           tokens_per_s=timed_tokens / timed_seconds if timed_seconds > 0 else float('nan'), torch=torch.__version__,
           compiled=bool(c.get('compile')), first_step_seconds=first_step_seconds, graphs_compiled_while_timed=graphs() - graphs_before_timing,
           matmul_peak=matmul_peak())


def matmul_peak(n=1024, repeats=20):
    """This PyTorch's float32 matrix-multiply rate in FLOP/s (its BLAS, these threads), as the Java side measures its own."""
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(3):
        a @ b
    start = time.perf_counter()
    for _ in range(repeats):
        a @ b
    return repeats * 2.0 * n ** 3 / (time.perf_counter() - start)


if __name__ == '__main__':
    main(*sys.argv[1:4])
