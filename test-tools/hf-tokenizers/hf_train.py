"""HuggingFace's WordPiece trainer as a whole process, the way a Python user runs it (tokenizers from pip), for
./lab bench tokenizer:

    python hf_train.py TEMPLATE.json CORPUS.txt VOCAB_SIZE OUT.json

The template gives the normalizer and pre-tokenizer (BERT's, as ours); the trainer has HuggingFace's defaults
(minimum frequency 0, no alphabet limit, "##" for continuations) with [UNK] as its one special token.
"""
import sys

from tokenizers import Tokenizer, trainers

template, corpus, vocab_size, out = sys.argv[1:5]
tokenizer = Tokenizer.from_file(template)
trainer = trainers.WordPieceTrainer(vocab_size=int(vocab_size), special_tokens=["[UNK]"], show_progress=False)
tokenizer.train([corpus], trainer)
tokenizer.save(out)
