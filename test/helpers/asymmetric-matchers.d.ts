/// <reference types="jest" />
/**
 * @types/jest types the asymmetric matchers (`expect.stringContaining` …)
 * as `any`, so every object a test builds around one is an unsafe `any` to
 * typescript-eslint. These overloads give them the type they have: a
 * matcher. Declaration merging puts a later declaration's overloads first;
 * the reference makes @types/jest the earlier one, so these win.
 */
declare namespace jest {
  interface Expect {
    anything(): AsymmetricMatcher;
    any(classType: unknown): AsymmetricMatcher;
    arrayContaining<E = unknown>(arr: readonly E[]): AsymmetricMatcher;
    objectContaining<E = object>(obj: E): AsymmetricMatcher;
    stringMatching(str: string | RegExp): AsymmetricMatcher;
    stringContaining(str: string): AsymmetricMatcher;
  }
}
