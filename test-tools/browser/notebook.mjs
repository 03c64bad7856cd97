// A lesson in a real browser, as a student meets it: Debian's Chromium, headless, on the classic Notebook.
//
//   node notebook.mjs URL SCREENSHOT
//
// Opens URL (a notebook served by `jupyter notebook`, token included), waits for the kernel, runs every
// cell, waits until each has run, then counts what the page displays: charts (PNG images), tables, and
// token strips (our coloured token spans). Saves a full-page screenshot; exits 1 when a cell failed or
// one of the three is missing.
import { chromium } from 'playwright-core';

const [url, screenshot] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error('usage: node notebook.mjs URL SCREENSHOT');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // No sandbox as root; no background traffic (the machine may have no network).
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(url);
  await page.waitForFunction(() => window.Jupyter?.notebook?.kernel?.is_connected(), null, { timeout: 120_000 });
  await page.evaluate(() => Jupyter.notebook.execute_all_cells());
  // Each code cell shows [*] while it runs and its number after; an error stops the cells after it.
  await page.waitForFunction(() => {
    const cells = Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code');
    const done = cells.every((c) => typeof c.input_prompt_number === 'number');
    return done || document.querySelector('.output_error') !== null;
  }, null, { timeout: 600_000, polling: 500 });
  const shown = await page.evaluate(() => ({
    cells: Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code').length,
    charts: document.querySelectorAll('.output_png img').length,
    tables: document.querySelectorAll('.output_html table').length,
    tokenStrips: document.querySelectorAll('.output_html div span[title]').length,
    errors: [...document.querySelectorAll('.output_error')].map((e) => e.innerText.slice(0, 300)),
  }));
  // The Notebook scrolls inside its own panel: make the window as tall as the notebook to capture all of it.
  const height = await page.evaluate(() => document.querySelector('#notebook-container').scrollHeight + 200);
  await page.setViewportSize({ width: 1280, height: Math.min(height, 30_000) });
  await page.screenshot({ path: screenshot });
  console.log(`${shown.cells} code cells run in Chromium: ${shown.charts} chart(s), ${shown.tables} table(s), `
    + `${shown.tokenStrips} token(s) in strips, ${shown.errors.length} error(s); screenshot ${screenshot}`);
  for (const [what, count] of [['chart', shown.charts], ['table', shown.tables], ['token strip', shown.tokenStrips]]) {
    if (count === 0) {
      console.error(`no ${what} was displayed`);
      failed = true;
    }
  }
  if (shown.errors.length > 0) {
    console.error(`a cell failed: ${shown.errors[0]}`);
    failed = true;
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
