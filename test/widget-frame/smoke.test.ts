import { expect } from '@open-wc/testing';
import { consoleErrors } from '../fixtures/real-input.ts';
import { closeFrames, openFrame } from './frame-fixture.ts';

describe('smoke', () => {
  afterEach(closeFrames);
  it('fixture mcp-apps renders', async () => {
    const f = await openFrame({ tool: 'notes_show', arguments: { label: 'A' } });
    expect(f.el.state, f.el.error?.message).to.equal('ready');
    await f.report((r) => r.ready, 'ready');
    expect(await consoleErrors()).to.deep.equal([]);
  });
  it('fixture openai renders', async () => {
    const f = await openFrame({ tool: 'notes_show', dialect: 'openai', arguments: { label: 'A' } });
    await f.report((r) => r.ready, 'ready');
    expect(await consoleErrors()).to.deep.equal([]);
  });
});
