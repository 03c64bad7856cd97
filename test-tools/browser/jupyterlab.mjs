// A lesson in JupyterLab 4 (or Notebook 7, which is built on it) in a real browser, as a student meets it: Debian's
// Chromium, headless.
//
//   node jupyterlab.mjs URL SCREENSHOT [--expect-check-failure]
//
// Opens URL (a notebook served by `jupyter lab` or `jupyter notebook` 7, token included, with the app exposed to the
// page), waits until the kernel's status is known, runs every cell through the app's own "Run All" command, waits
// until each cell has run or one has failed, then checks what the page shows: charts (PNG images), tables, token strips,
// and that every strip fits inside its output area. Without --expect-check-failure an error output fails the test;
// with it (a student edition), the first error must be a check's short FAIL message, with no Java stack trace.
// --shows= names what the lesson displays (default: chart,table,token strip); a missing one fails the test.
// Saves a screenshot; exits 1 when something is wrong.
import { chromium } from 'playwright-core';

const [url, screenshot, ...options] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error('usage: node jupyterlab.mjs URL SCREENSHOT [--expect-check-failure] [--shows=chart,table,strip]');
  process.exit(2);
}
const studentEdition = options.includes('--expect-check-failure');
// What the lesson displays and must show (all three unless named).
const shows = (options.find((o) => o.startsWith('--shows=')) || '--shows=chart,table,token strip').slice(8).split(',');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(url);
  // The notebook panel, its session and a connected kernel. The status it shows on opening is reported: with the
  // Java kernel it stays "unknown" until the first cell runs (a known gap).
  await page.waitForFunction(() => {
    const widget = window.jupyterapp?.shell?.currentWidget;
    return widget?.content?.model && widget?.sessionContext?.session?.kernel?.connectionStatus === 'connected';
  }, null, { timeout: 120_000, polling: 250 });
  await page.waitForTimeout(3000);
  const statusSeen = await page.evaluate(() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status);
  await page.evaluate(() => window.jupyterapp.commands.execute('notebook:run-all-cells'));
  // Read the notebook's model, not the page: JupyterLab renders cells lazily.
  await page.waitForFunction(() => {
    const cells = [...window.jupyterapp.shell.currentWidget.content.model.cells].filter((c) => c.type === 'code');
    const failed = cells.some((c) => c.outputs.toJSON().some((o) => o.output_type === 'error'));
    return failed || cells.every((c) => typeof c.executionCount === 'number' && c.executionCount > 0);
  }, null, { timeout: 600_000, polling: 500 });
  await page.waitForTimeout(1500);   // the last outputs render
  const shown = await page.evaluate(() => {
    const cells = [...window.jupyterapp.shell.currentWidget.content.model.cells].filter((c) => c.type === 'code');
    const outputs = cells.flatMap((c) => c.outputs.toJSON());
    const html = outputs.filter((o) => o.data && o.data['text/html']).map((o) => [].concat(o.data['text/html']).join(''));
    return {
      cells: cells.length,
      run: cells.filter((c) => typeof c.executionCount === 'number' && c.executionCount > 0).length,
      charts: outputs.filter((o) => o.data && o.data['image/png']).length,
      tables: html.filter((h) => h.includes('<table')).length,
      strips: html.filter((h) => h.includes('span title=')).length,
      rawJson: outputs.filter((o) => o.data && !o.data['image/png'] && !o.data['text/html']
        && String([].concat(o.data['text/plain'] || '').join('')).trim().startsWith('{"')).length,
      errors: outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}\n${(o.traceback || []).join('\n')}`),
    };
  });
  // Every token strip on the page must fit inside its output area (brought into view first: lazy rendering).
  const strips = await page.$$('.jp-OutputArea-output div:has(> span[title])');
  let overflowing = 0;
  for (const strip of strips) {
    await strip.scrollIntoViewIfNeeded();
    const fits = await strip.evaluate((el) => el.scrollWidth <= el.clientWidth + 1
      && el.getBoundingClientRect().right <= el.closest('.jp-OutputArea-output').getBoundingClientRect().right + 1);
    if (!fits) overflowing++;
  }
  await page.screenshot({ path: screenshot });
  console.log(`${shown.run} of ${shown.cells} code cells run in JupyterLab (kernel ${statusSeen} on opening): `
    + `${shown.charts} chart(s), ${shown.tables} table(s), ${shown.strips} token strip(s) (${overflowing} too wide), `
    + `${shown.errors.length} error(s); screenshot ${screenshot}`);
  if (shown.rawJson > 0) problems.push(`${shown.rawJson} output(s) show raw JSON where a picture was meant`);
  if (overflowing > 0) problems.push(`${overflowing} token strip(s) run past the output area`);
  if (studentEdition) {
    const first = shown.errors[0] || '';
    if (!first.includes('FAIL:') && !first.includes('your turn')) problems.push(`the first error is not a check's message: ${first.slice(0, 300)}`);
    if (/\n\s*at [a-z]+\./.test(first) || first.includes('Exception in thread')) problems.push(`a check's failure shows a stack trace: ${first.slice(0, 300)}`);
  } else {
    for (const [what, count] of [['chart', shown.charts], ['table', shown.tables], ['token strip', shown.strips]]) {
      if (count === 0 && shows.includes(what)) problems.push(`no ${what} was displayed`);
    }
    if (shown.errors.length > 0) problems.push(`a cell failed: ${shown.errors[0].slice(0, 300)}`);
    if (shown.run < shown.cells) problems.push(`${shown.cells - shown.run} cell(s) did not run`);
  }
} finally {
  await browser.close();
}
for (const p of problems) console.error(p);
process.exit(problems.length > 0 ? 1 : 0);
