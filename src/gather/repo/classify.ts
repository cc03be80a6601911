/**
 * What each file is for. Only `runtime`, `deployment`, `config` and `build` files describe the
 * application as it runs; tests, fixtures, samples, vendored and generated code, docs and
 * translations never yield components, routes, findings or evidence.
 *
 * First version: path conventions only. (The code-facts work extends it with .gitattributes
 * linguist attributes and content checks.)
 */
import type { RepoFile } from './types.js';

export type FileRole =
  | 'runtime' // application source that runs
  | 'deployment' // Dockerfile, compose, Kubernetes/Helm, Terraform, CI workflows
  | 'config' // runtime configuration (application.yml, .env.example, settings)
  | 'build' // package manifests and build scripts
  | 'test'
  | 'fixture' // fixtures, samples, examples, snippets, challenge/tutorial material
  | 'vendored'
  | 'generated'
  | 'docs'
  | 'translation';

/** Roles whose files describe the running application and may be cited as evidence. */
export const RUNNING_ROLES: ReadonlySet<FileRole> = new Set(['runtime', 'deployment', 'config', 'build']);

const seg = (p: string) => `/${p.toLowerCase()}`;

const VENDORED = /\/(vendor|vendors|third[_-]?party|external|bower_components|jspm_packages|node_modules)\//;
const GENERATED = /(\.min\.(js|css)$|\.bundle\.js$|\.pb\.go$|_pb2(_grpc)?\.py$|\.generated\.\w+$|\.g\.cs$|\/(dist|build|target|out|gen|generated)\/)/;
const TEST = /(\/(test|tests|__tests__|spec|specs|e2e|cypress|testing|src\/test|androidtest)\/|[._-](test|spec)\.[a-z]+$|\/test_[^/]+\.py$|_test\.(go|py|rb|exs?)$|Tests?\.(java|kt|cs)$|\/conftest\.py$)/i;
const FIXTURE = /\/(fixtures?|testdata|test-data|samples?|examples?|demo|snippets?|mocks?|__mocks__|stubs?|challenges?|tutorials?|codefixes|playground)\//;
const TRANSLATION = /(\/(locales?|i18n|l10n|translations?|lang|langs|messages)\/|\/messages(_[a-z]{2}([_-][a-z]{2})?)?\.properties$|\.(po|pot|mo|xliff|xlf)$)/;
const DOCS = /(\.(md|markdown|rst|adoc|txt)$|\/(docs?|documentation)\/)/;
const DEPLOY = /(\/dockerfile[^/]*$|\/(docker-)?compose[^/]*\.ya?ml$|\.tf$|\.tfvars$|\.hcl$|\/(k8s|kubernetes|manifests|helm|charts|deploy|deployment|kustomize)\/.*\.ya?ml$|\/\.github\/workflows\/|\/\.gitlab-ci\.ya?ml$|\/jenkinsfile$|\/chart\.ya?ml$|\/values[^/]*\.ya?ml$)/;
const BUILD = /\/(package\.json|pyproject\.toml|requirements[^/]*\.txt|setup\.py|setup\.cfg|go\.mod|pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gemfile|cargo\.toml|composer\.json|[^/]+\.csproj|makefile|gruntfile\.js|gulpfile\.js|webpack\.config\.[jt]s)$/;
const CONFIG = /(\.(ya?ml|json|toml|ini|properties|conf|cfg|env)$|\/\.env[^/]*$)/;
const CODE = /\.(js|mjs|cjs|jsx|ts|tsx|py|go|java|kt|kts|cs|rb|php|rs|scala|swift|html?|jinja2?|j2|ejs|hbs|pug|vue|svelte|erb|jsp|sh|bash|sql)$/;

/** The role of a file from its path alone. */
export function roleFromPath(path: string): FileRole {
  const p = seg(path);
  if (VENDORED.test(p)) return 'vendored';
  if (TEST.test(p)) return 'test';
  if (FIXTURE.test(p)) return 'fixture';
  if (TRANSLATION.test(p)) return 'translation';
  if (GENERATED.test(p)) return 'generated';
  if (DEPLOY.test(p)) return 'deployment';
  if (BUILD.test(p)) return 'build';
  if (DOCS.test(p)) return 'docs';
  if (CODE.test(p)) return 'runtime';
  if (CONFIG.test(p)) return 'config';
  return 'docs';
}

/** Role of a walked file (path conventions; see the module comment). */
export function classifyFile(file: Pick<RepoFile, 'path'>): FileRole {
  return roleFromPath(file.path);
}
