import { defineAccessibility } from './accessibility.mjs';
import { defineSuite, defineToolbarSuite } from './suite.mjs';
import { defineLeakCanary } from './leak-canary.mjs';
import { defineSenderRules } from './sender-rules.mjs';
import { defineQuietChecks } from './quiet-checks.mjs';
import { defineSmallScreens } from './small-screens.mjs';
import { defineCaseFile } from './case-file.mjs';
import { defineSettingsFirst } from './settings-first.mjs';

defineSuite('chrome');
defineToolbarSuite('chrome');
defineLeakCanary('chrome');
defineSenderRules('chrome');
defineQuietChecks('chrome');
defineAccessibility('chrome');
defineSmallScreens('chrome');
defineCaseFile('chrome');
defineSettingsFirst('chrome');
