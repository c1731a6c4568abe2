// The policy a widget runs under, from what its resource declares (components/widget-frame/csp.ts).
import { expect } from '@open-wc/testing';
import { buildCsp, cleanCsp, declaredCsp, decodeCsp, encodeCsp, MAX_CSP_DOMAINS } from '../../components/widget-frame/csp.ts';

describe('widget CSP', () => {
  it('is the MCP Apps default when nothing is declared: inline code, no network, no frames', () => {
    const policy = buildCsp(declaredCsp(undefined).csp);
    expect(policy).to.equal(
      "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; media-src 'self' data:; connect-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'",
    );
    expect(policy).not.to.contain('unsafe-eval');
  });

  it('reads MCP Apps keys, and ChatGPT keys when those are absent', () => {
    const mcp = declaredCsp({ ui: { csp: { connectDomains: ['https://api.example.com'], resourceDomains: ['https://cdn.example.com'], frameDomains: ['https://www.youtube.com'] } } });
    expect(buildCsp(mcp.csp)).to.contain('connect-src https://api.example.com;').and.to.contain('img-src \'self\' data: https://cdn.example.com;').and.to.contain('frame-src https://www.youtube.com;');
    const openai = declaredCsp({ 'openai/widgetCSP': { connect_domains: ['wss://live.example.com'], resource_domains: ['https://*.example.com'] } });
    expect(openai.csp.connectDomains).to.deep.equal(['wss://live.example.com']);
    expect(openai.csp.resourceDomains).to.deep.equal(['https://*.example.com']);
    // MCP Apps keys win when both are there.
    expect(declaredCsp({ ui: { csp: {} }, 'openai/widgetCSP': { connect_domains: ['https://x.example'] } }).csp.connectDomains).to.deep.equal([]);
  });

  it('never lets a declared entry add a keyword or a directive', () => {
    const hostile = ["https://a.example 'unsafe-eval'", 'https://b.example; script-src *', '*', "'self'", 'data:', 'javascript:alert(1)', 'https://c.example,https://d.example', 'https://ok.example:8443/api/'];
    const { csp, dropped } = cleanCsp({ connectDomains: hostile });
    expect(csp.connectDomains).to.deep.equal(['https://ok.example:8443/api/']);
    expect(dropped).to.have.length(hostile.length - 1);
    expect(buildCsp(csp)).not.to.match(/unsafe-eval|script-src \*|javascript:/);
  });

  it(`keeps at most ${MAX_CSP_DOMAINS} sources a list, and survives its trip through the sandbox URL`, () => {
    const many = Array.from({ length: 40 }, (_, i) => `https://h${i}.example`);
    const { csp, dropped } = cleanCsp({ resourceDomains: many });
    expect(csp.resourceDomains).to.have.length(MAX_CSP_DOMAINS);
    expect(dropped).to.have.length(8);
    expect(decodeCsp(encodeCsp(csp)).csp).to.deep.equal(csp);
    expect(decodeCsp('not json').csp).to.deep.equal(cleanCsp({}).csp);
  });
});
