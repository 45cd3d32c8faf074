import { hashLower } from './char-table.js';
import type { TokenSheet } from './token-sheet.js';
import { WordSet, wordSetOf } from './word-set.js';

// Software, platforms, citation styles and a few product brands that share a word with people or towns. Alone, such a
// word is the product in a prompt ("In Kafka, partition 5 …", "cite it in APA style"); two-word
// names ("Franz Kafka") are left to the tagger. Kept outside the model's lexicon so that the list
// can grow without retraining.
const WORDS =
  'kafka redis postgres postgresql mysql mariadb mongodb mongo elasticsearch kibana logstash grafana prometheus jenkins ansible terraform ' +
  'nginx apache tomcat jetty spark flink hadoop hive airflow zookeeper rabbitmq celery sidekiq django flask rails laravel symfony ' +
  'react angular vue svelte jquery webpack vite babel jest mocha vitest pytest numpy pandas pytorch tensorflow keras jupyter linux ' +
  'ubuntu debian fedora centos alpine windows macos android azure aws gcp heroku netlify vercel github gitlab bitbucket jira confluence ' +
  'slack trello figma sentry datadog splunk helm istio envoy consul nomad podman openshift golang kotlin scala haskell erlang elixir ' +
  'clojure perl typescript javascript graphql grpc protobuf sqlite excel outlook powerpoint chrome firefox safari electron unity unreal ' +
  'blender photoshop matlab tableau looker snowflake redshift bigquery databricks kubectl minikube openai anthropic langchain ollama ' +
  'cloudflare fastly akamai stripe twilio sendgrid okta keycloak zapier shopify magento wordpress drupal joomla apa mla bibtex latex markdown ' +
  'nuxt deno gradle maven xcode vscode chatgpt gpt claude gemini llama mistral mixtral qwen gemma deepseek copilot ' +
  'kubernetes openssl openssh docker lego devops devsecops mlops sre ' +
  'eslint prettier unix posix usenet bash zsh powershell dockerfile entrypoint makefile yaml toml nodejs npm pnpm yarn conda';

const HASHES = new WordSet(WORDS.split(' ').map((w) => hashLower(w, 0, w.length)));

/**
 * True for the lower-cased word hash (`TokenSheet.word`) of a software or format name.
 *
 * @example isTechWord(hashLower('Kafka', 0, 5)) // true
 */
export function isTechWord(wordHash: number): boolean {
  return HASHES.has(wordHash);
}

// Lower-case words that sit inside names: "Willemine ten Pas", "Ludwig van Beethoven".
const PARTICLES = wordSetOf('van von der den de del della di da dos das du le la ten ter bin ibn al el y e');
// Pronouns, with or without a contraction: "He's injured" is not a person named He.
const PRONOUNS = wordSetOf("he she it i we you they he's she's it's i'm we're you're they're he'd she'd he'll she'll who");

/** True for a name particle's word hash ("van", "de", "ten"). */
export function isParticle(wordHash: number): boolean {
  return PARTICLES.has(wordHash);
}

/** True when token `t` is a pronoun, contracted or not ("He", "She's"). */
export function isPronoun(text: string, sheet: TokenSheet, t: number): boolean {
  if (PRONOUNS.has(sheet.word[t]!)) return true;
  const start = sheet.start[t]!;
  const end = sheet.end[t]!;
  // The tokenizer keeps "He’s" (curly apostrophe) whole; compare its stem.
  return end - start > 2 && /['’]s$/.test(text.slice(end - 2, end)) && PRONOUNS.has(hashLower(text, start, end - 2));
}

// Contact-field labels and the names of identifiers, which name lists may hold ("Fax", "IBAN")
// but which alone are a field, not a person or place: "815-Fax", "using this IBAN GB49…".
const FIELD_WORDS = wordSetOf('fax phone tel telephone mobile cell desk office email e-mail website pager iban bic swift ssn vat ein nino imei isbn');

/** True for the word hash of a contact-field label or an identifier's name ("Fax", "IBAN"). */
export function isFieldWord(wordHash: number): boolean {
  return FIELD_WORDS.has(wordHash);
}

// Dishes and drinks, the head noun of a menu item or a coffee order ("Grande Latte", "Quattro
// Formaggi and a Tiramisu"): a capitalised run ending in one is a product, not a place. Our own
// list; plurals are read through their singular.
const MENU_WORDS = wordSetOf(
  'latte cappuccino espresso americano macchiato mocha frappuccino frappe cortado flat-white chai matcha smoothie milkshake ' +
    'lemonade soda cola juice tea coffee cocoa pizza pasta spaghetti lasagna lasagne risotto gnocchi ravioli tortellini carbonara ' +
    'bolognese tiramisu panna-cotta gelato sorbet sundae cake cheesecake pie tart jam brownie muffin croissant bagel donut doughnut pancake waffle burger ' +
    'cheeseburger sandwich panini wrap burrito taco nachos quesadilla enchilada fries salad soup ramen sushi sashimi biryani naan ' +
    'noodles dumpling omelette frittata kebab falafel hummus shawarma poke',
);

/**
 * True for the word hash of a dish or drink ("latte", "pizza", "tiramisu").
 *
 * @example isMenuWord(hashLower('Latte', 0, 5)) // true
 */
export function isMenuWord(wordHash: number): boolean {
  return MENU_WORDS.has(wordHash);
}
