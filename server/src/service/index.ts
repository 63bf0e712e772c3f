export * from './types';
export * from './languageService';
export { applyEdits } from './edits';
export { LineIndex } from './parse/lineIndex';
export { allRules, ruleById } from './rules/index';
export type { Rule } from './rules/rule';
export { docsUrl, DOCS_BASE } from './docs';
export { builtinRules, type BuiltinRule } from './builtinRules';
