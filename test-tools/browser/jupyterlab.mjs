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
// --stop-training=RUN_DIR (lesson 5): the stop button during training, twice (see stopTheTraining). The kernel's status
// must be "idle" on opening, and Run All must stop at the first error (the cells after it are not run).
// Saves a screenshot; exits 1 when something is wrong.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [url, screenshot, ...options] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error('usage: node jupyterlab.mjs URL SCREENSHOT [--expect-check-failure] [--shows=chart,table,strip]');
  process.exit(2);
}
const studentEdition = options.includes('--expect-check-failure');
// --stop-training=RUN_DIR: press the stop button during the training cell (lesson 5), twice; RUN_DIR is the run's folder.
const stopTraining = (options.find((o) => o.startsWith('--stop-training=')) || '').slice(16);
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
  // The notebook panel, its session and a connected kernel, whose status must be known (idle) before any cell runs.
  await page.waitForFunction(() => {
    const widget = window.jupyterapp?.shell?.currentWidget;
    return widget?.content?.model && widget?.sessionContext?.session?.kernel?.connectionStatus === 'connected';
  }, null, { timeout: 120_000, polling: 250 });
  await page.waitForTimeout(3000);
  const statusSeen = await page.evaluate(() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status);
  if (statusSeen !== 'idle') problems.push(`the kernel's status on opening was "${statusSeen}", not "idle"`);
  // Not awaited inside the page: the command's promise ends only when the last cell has run.
  await page.evaluate(() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); });
  if (stopTraining) await stopTheTraining(page);
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
  if (studentEdition || stopTraining) {
    // Run All stops at the first error: the cells after it are not run.
    const after = await page.evaluate(() => {
      const cells = [...window.jupyterapp.shell.currentWidget.content.model.cells].filter((c) => c.type === 'code');
      const first = cells.findIndex((c) => c.outputs.toJSON().some((o) => o.output_type === 'error'));
      return cells.slice(first + 1).filter((c) => c.executionCount || c.outputs.length > 0).length;
    });
    if (after > 0) problems.push(`Run All went on after the first error: ${after} cell(s) after it ran`);
  }
  if (studentEdition) {
    const first = shown.errors[0] || '';
    if (!first.includes('FAIL:') && !first.includes('your turn')) problems.push(`the first error is not a check's message: ${first.slice(0, 300)}`);
    if (/\n\s*at [a-z]+\./.test(first) || first.includes('Exception in thread')) problems.push(`a check's failure shows a stack trace: ${first.slice(0, 300)}`);
  } else if (stopTraining) {
    if (shown.errors.length !== 1) problems.push(`${shown.errors.length} errors after the stop button, not the one line: ${shown.errors.join('\n').slice(0, 500)}`);
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

/**
 * Lesson 5's training cell, as a student stops it: once its progress bar and live chart are seen updating in place,
 * the toolbar's stop button; the cell must end within seconds with the one-line TrainingStopped message and leave
 * only complete checkpoints in the run's folder. Then the same cell runs again without a restart, and is stopped again.
 */
async function stopTheTraining(page) {
  const trainingCell = () => [...window.jupyterapp.shell.currentWidget.content.model.cells]
    .find((c) => c.type === 'code' && c.sharedModel.getSource().includes('trainer.train('));
  const outputs = () => page.evaluate(`(${trainingCell})().outputs.toJSON()`);
  for (const round of ['first run', 'run again']) {
    await page.waitForFunction(`JSON.stringify((${trainingCell})().outputs.toJSON()).includes('tokens/s')`, null,
      { timeout: 300_000, polling: 250 });
    const before = await outputs();
    await page.waitForTimeout(4000);
    const later = await outputs();
    const text = (o) => JSON.stringify(o);
    if (later.length !== before.length) problems.push(`${round}: the training cell's outputs went from ${before.length} to ${later.length}: not updated in place`);
    if (text(later.filter((o) => !o.data || !o.data['image/png'])) === text(before.filter((o) => !o.data || !o.data['image/png']))) {
      problems.push(`${round}: the progress bar did not change in 4 s`);
    }
    if (!later.some((o) => o.data && o.data['image/png'])) problems.push(`${round}: no live chart while training`);
    const pressed = Date.now();
    const button = page.locator('[data-jp-item-name="interrupt"]').first();
    if (await button.count() > 0) await button.click(); else await page.evaluate(() => window.jupyterapp.commands.execute('notebook:interrupt-kernel'));
    await page.waitForFunction(`(${trainingCell})().outputs.toJSON().some((o) => o.output_type === 'error')`, null,
      { timeout: 60_000, polling: 250 });
    const seconds = (Date.now() - pressed) / 1000;
    const error = (await outputs()).find((o) => o.output_type === 'error');
    const traceback = (error.traceback || []).join('\n');
    console.log(`  ${round}: stopped ${seconds.toFixed(1)} s after the stop button: ${error.evalue.slice(0, 90)}...`);
    if (!traceback.includes('TrainingStopped') || !error.evalue.startsWith('Training stopped at step')) {
      problems.push(`${round}: the stopped cell's error is ${error.ename}: ${error.evalue.slice(0, 200)}`);
    }
    if (/\n\s*at [a-z]+\./.test(traceback)) problems.push(`${round}: the stop shows a stack trace: ${traceback.slice(0, 300)}`);
    if (seconds > 30) problems.push(`${round}: the cell took ${seconds.toFixed(1)} s to stop`);
    problems.push(...halfWritten(stopTraining).map((p) => `${round}: ${p}`));
    if (round === 'first run') {
      await page.evaluate(`(() => {
        const notebook = window.jupyterapp.shell.currentWidget.content;
        notebook.activeCellIndex = [...notebook.model.cells].indexOf((${trainingCell})());
        window.jupyterapp.commands.execute('notebook:run-cell');   // not awaited: it ends with the cell
      })()`);
      await page.waitForFunction(`!(${trainingCell})().outputs.toJSON().some((o) => o.output_type === 'error')`, null,
        { timeout: 30_000, polling: 250 });
    }
  }
}

/** What a save cut short would leave in the run's folder: a hidden temporary, or a checkpoint without its model.json. */
function halfWritten(runDir) {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (/\.(part|partial|new|old)$/.test(entry.name)) found.push(`a half-written ${file}`);
      if (entry.isDirectory()) walk(file);
    }
  };
  walk(runDir);
  const checkpoints = path.join(runDir, 'checkpoints');
  for (const name of fs.readdirSync(checkpoints).filter((n) => n.startsWith('step-'))) {
    if (!fs.existsSync(path.join(checkpoints, name, 'model.json'))) found.push(`checkpoint ${name} without its model.json`);
  }
  if (!fs.readdirSync(checkpoints).some((n) => n.startsWith('step-'))) found.push(`no checkpoint in ${checkpoints}`);
  return found;
}
for (const p of problems) console.error(p);
process.exit(problems.length > 0 ? 1 : 0);
