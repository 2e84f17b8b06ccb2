import { defineAccessibility } from './accessibility.mjs';
import { defineSuite, defineToolbarSuite } from './suite.mjs';
import { defineLeakCanary } from './leak-canary.mjs';
import { defineSenderRules } from './sender-rules.mjs';

defineSuite('chrome');
defineToolbarSuite('chrome');
defineLeakCanary('chrome');
defineSenderRules('chrome');
defineAccessibility('chrome');
