/**
 * The Ciello onboarding widget: <sky-form-wizard> (components/form-wizard/) with the five
 * onboarding tools (seed 002: create a board, add tasks, invite teammates, check and finish).
 * Wired into server/widgets/index.ts when the element lands.
 */
import { defineWidget } from '../../registry.ts';
import { ONBOARDING_TOOLS } from './flow.ts';
import { onboardingTools } from './tools.ts';

export const ONBOARDING_WIDGET_ID = 'dev.skylit.onboarding';

export const onboardingWidget = defineWidget({
  manifest: {
    id: ONBOARDING_WIDGET_ID,
    name: 'onboarding',
    title: 'Ciello onboarding',
    version: '1.0.0',
    tag: 'sky-form-wizard',
    entry: 'components/form-wizard/define.ts',
    description:
      'A step-by-step form that sets up Ciello: create a board, add its first tasks, invite teammates, then check the answers ' +
      'and finish. Answers can be changed before finishing; drafts survive a reload.',
    csp: { connectDomains: [], resourceDomains: [], frameDomains: [], redirectDomains: [] },
    prefersBorder: true,
    preview: { tool: ONBOARDING_TOOLS.start, args: {} },
  },
  tools: onboardingTools,
});

export { onboardingTools } from './tools.ts';
export { ONBOARDING_TOOLS } from './flow.ts';
