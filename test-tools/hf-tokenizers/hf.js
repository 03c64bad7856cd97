// HuggingFace tokenizers (npm) as a command, for mlm-lab's parity tests (./lab bench tokenizer uses Python's, hf_train.py).
//   node hf.js train TEMPLATE.json CORPUS.txt OUT.json   trains with the template's normalizer and
//       pre-tokenizer and the model's default trainer; prints {"seconds": ...}
//   node hf.js encode TOKENIZER.json TEXTS.txt            prints one JSON array of ids per text line
const fs = require('fs');
const { Tokenizer } = require('tokenizers');

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'train') {
    const [template, corpus, out] = args;
    const tokenizer = Tokenizer.fromString(fs.readFileSync(template, 'utf8'));
    const start = process.hrtime.bigint();
    tokenizer.train([corpus]);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    tokenizer.save(out, false);
    console.log(JSON.stringify({ seconds }));
  } else if (command === 'encode') {
    const [file, texts] = args;
    const tokenizer = Tokenizer.fromFile(file);
    const lines = fs.readFileSync(texts, 'utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) {
      const encoding = await tokenizer.encode(line, null, { addSpecialTokens: false });
      console.log(JSON.stringify(encoding.getIds()));
    }
  } else {
    console.error('usage: node hf.js train TEMPLATE CORPUS OUT | encode TOKENIZER TEXTS');
    process.exit(2);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
