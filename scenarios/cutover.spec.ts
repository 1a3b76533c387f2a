/**
 * The one thin spec: every scenario × target becomes a test named by its criterion id and title.
 * Each Playwright project stands for one target and picks its tests by the @target tag.
 */
import { test } from '../src/uat/fixtures.ts';
import { loadUatProject, scenariosOn, testTags, testTitle } from '../src/uat/uat-project.ts';

const project = await loadUatProject({ resolve: false });

for (const target of project.targets) {
  test.describe(target, () => {
    for (const scenario of scenariosOn(project, target)) {
      test(testTitle(scenario), { tag: testTags(scenario, target) }, async ({ cutover }) => {
        await cutover.run(scenario);
      });
    }
  });
}
