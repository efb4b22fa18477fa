/**
 * Long by nature: most of it is value tables (names, cities, products, decline reasons …) that
 * make events look real; the logic is the few pickers and cross-field rules at the end.
 *
 * Demo events for the demo producer: realistic, schema-conforming values for any output port of
 * the demo mesh. Pure and deterministic: the same seed and clock give the same events, so tests
 * can pin them and a demo run can be replayed.
 *
 * Values are picked from the field's name first (email, city, amount …) and its type second; a
 * few cross-field rules then make a record coherent (totals match line items, a declined payment
 * has a decline reason, an email matches the name).
 */
import type { FieldSpec, FieldSpecType } from "@/lib/catalog/field-spec";
import type { DemoOutputPort, DemoProduct } from "./mesh-types";

/** Uniform random numbers in [0, 1). */
export type Rng = () => number;

export interface DemoEvent {
  key: string;
  value: Record<string, unknown>;
  headers: Record<string, string>;
}

/** mulberry32: tiny, fast and good enough for demo data (not for anything secret). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ─── Small helpers ──────────────────────────────────────────────────────────

function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function pick<T>(rng: Rng, values: readonly T[]): T {
  const value = values[Math.floor(rng() * values.length)];
  if (value === undefined) throw new Error("pick from an empty list");
  return value;
}

function money(value: number): number {
  return Math.round(value * 100) / 100;
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

const TOKEN_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

function token(rng: Rng, length: number, alphabet = TOKEN_ALPHABET): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet.charAt(Math.floor(rng() * alphabet.length));
  return out;
}

function digits(rng: Rng, length: number): string {
  return token(rng, length, "0123456789");
}

function uuid(rng: Rng): string {
  const hex = token(rng, 32, "0123456789abcdef");
  const variant = "89ab".charAt(Math.floor(rng() * 4));
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ─── Reference data ─────────────────────────────────────────────────────────

const FIRST_NAMES = [
  "Emma",
  "Liam",
  "Sofia",
  "Noah",
  "Mila",
  "Lucas",
  "Anna",
  "Mateo",
  "Julia",
  "Finn",
  "Zoë",
  "Ahmed",
  "Chloé",
  "Jonas",
  "Léa",
  "Oskar",
  "Maja",
  "Aarav",
  "Ines",
  "Tomás",
  "Amara",
  "Kacper",
  "Freya",
  "Yusuf",
  "Elif",
  "Hugo",
  "Nora",
  "Mohammed",
  "Alice",
  "Wiktoria",
];
const LAST_NAMES = [
  "de Vries",
  "Müller",
  "García",
  "Jansen",
  "Rossi",
  "Dubois",
  "Smith",
  "Kowalski",
  "Andersson",
  "Bakker",
  "Schmidt",
  "Martin",
  "Nowak",
  "Johansson",
  "Fernández",
  "Okafor",
  "Bianchi",
  "Lefèvre",
  "Yilmaz",
  "Brown",
  "Hoffmann",
  "Visser",
  "Moreau",
  "Lindqvist",
  "Wiśniewski",
  "Novak",
  "Silva",
  "Kaya",
  "Taylor",
  "Peeters",
];
const EMAIL_DOMAINS = ["example.com", "example.org", "example.net", "mail.example"];

interface Place {
  city: string;
  country: string;
  currency: string;
  locale: string;
  streets: readonly string[];
  /** Country calling code and a mobile prefix; numbers are fictional. */
  phone: string;
  postcode: (rng: Rng) => string;
}

const UPPER = "ABCDEFGHJKLMNPRSTUVWXYZ";
const PLACES: readonly Place[] = [
  {
    city: "Amsterdam",
    country: "NL",
    currency: "EUR",
    locale: "nl-NL",
    phone: "+316",
    streets: ["Prinsengracht", "Overtoom", "Javastraat"],
    postcode: (r) => `10${int(r, 11, 99)} ${token(r, 2, UPPER)}`,
  },
  {
    city: "Utrecht",
    country: "NL",
    currency: "EUR",
    locale: "nl-NL",
    phone: "+316",
    streets: ["Oudegracht", "Biltstraat"],
    postcode: (r) => `35${int(r, 11, 99)} ${token(r, 2, UPPER)}`,
  },
  {
    city: "Berlin",
    country: "DE",
    currency: "EUR",
    locale: "de-DE",
    phone: "+4915",
    streets: ["Torstraße", "Kastanienallee", "Sonnenallee"],
    postcode: (r) => `1${int(r, 1, 4)}${digits(r, 3)}`,
  },
  {
    city: "Munich",
    country: "DE",
    currency: "EUR",
    locale: "de-DE",
    phone: "+4917",
    streets: ["Leopoldstraße", "Sendlinger Straße"],
    postcode: (r) => `80${digits(r, 3)}`,
  },
  {
    city: "Paris",
    country: "FR",
    currency: "EUR",
    locale: "fr-FR",
    phone: "+336",
    streets: ["Rue Oberkampf", "Rue de Rivoli", "Boulevard Voltaire"],
    postcode: (r) => `750${String(int(r, 1, 20)).padStart(2, "0")}`,
  },
  {
    city: "Lyon",
    country: "FR",
    currency: "EUR",
    locale: "fr-FR",
    phone: "+337",
    streets: ["Rue de la République", "Cours Lafayette"],
    postcode: (r) => `6900${int(r, 1, 9)}`,
  },
  {
    city: "London",
    country: "GB",
    currency: "GBP",
    locale: "en-GB",
    phone: "+447700",
    streets: ["Brick Lane", "Mare Street", "Camden High Street"],
    postcode: (r) => `E${int(r, 1, 9)} ${int(r, 1, 9)}${token(r, 2, UPPER)}`,
  },
  {
    city: "Manchester",
    country: "GB",
    currency: "GBP",
    locale: "en-GB",
    phone: "+447700",
    streets: ["Oldham Street", "Deansgate"],
    postcode: (r) => `M${int(r, 1, 40)} ${int(r, 1, 9)}${token(r, 2, UPPER)}`,
  },
  {
    city: "Madrid",
    country: "ES",
    currency: "EUR",
    locale: "es-ES",
    phone: "+346",
    streets: ["Calle de Fuencarral", "Calle Mayor"],
    postcode: (r) => `280${String(int(r, 1, 55)).padStart(2, "0")}`,
  },
  {
    city: "Milan",
    country: "IT",
    currency: "EUR",
    locale: "it-IT",
    phone: "+393",
    streets: ["Via Torino", "Corso Buenos Aires"],
    postcode: (r) => `201${String(int(r, 0, 99)).padStart(2, "0")}`,
  },
  {
    city: "Stockholm",
    country: "SE",
    currency: "SEK",
    locale: "sv-SE",
    phone: "+467",
    streets: ["Drottninggatan", "Götgatan"],
    postcode: (r) => `1${int(r, 11, 18)} ${int(r, 10, 99)}`,
  },
  {
    city: "Warsaw",
    country: "PL",
    currency: "PLN",
    locale: "pl-PL",
    phone: "+485",
    streets: ["ulica Marszałkowska", "ulica Nowy Świat"],
    postcode: (r) => `0${int(r, 0, 4)}-${digits(r, 3)}`,
  },
];

/** Units of each currency per euro, roughly; amounts are drawn in EUR and converted. */
const PER_EUR: Record<string, number> = { EUR: 1, GBP: 0.85, SEK: 11.4, PLN: 4.3, USD: 1.08 };

const CATALOG: readonly { sku: string; name: string; price: number }[] = [
  { sku: "SKU-10231", name: "Merino Crew Sweater", price: 79.95 },
  { sku: "SKU-10457", name: "Organic Cotton T-Shirt", price: 19.95 },
  { sku: "SKU-11020", name: "Trail Running Shoes", price: 129.0 },
  { sku: "SKU-11384", name: "Waterproof Rain Jacket", price: 149.0 },
  { sku: "SKU-12007", name: "Stainless Steel Water Bottle", price: 24.5 },
  { sku: "SKU-12590", name: "Linen Duvet Cover", price: 89.0 },
  { sku: "SKU-13112", name: "Ceramic Pour-Over Set", price: 39.9 },
  { sku: "SKU-13478", name: "Wireless Earbuds", price: 99.0 },
  { sku: "SKU-14021", name: "Yoga Mat", price: 34.95 },
  { sku: "SKU-14765", name: "Leather Card Holder", price: 29.0 },
  { sku: "SKU-15230", name: "Kids' Rain Boots", price: 27.5 },
  { sku: "SKU-15894", name: "Cast Iron Skillet", price: 54.0 },
  { sku: "SKU-16102", name: "Desk Lamp", price: 64.9 },
  { sku: "SKU-16733", name: "Wool Beanie", price: 22.0 },
  { sku: "SKU-17045", name: "Hiking Backpack 30L", price: 119.0 },
];

const WAREHOUSES = ["WH-AMS-1", "WH-BER-2", "WH-MAD-1", "WH-MAN-1"];
const CAMPAIGNS = [
  "cmp_spring_sale",
  "cmp_welcome_series",
  "cmp_brand_search",
  "cmp_outdoor_week",
  "cmp_loyalty_gold",
  "cmp_back_in_stock",
];
const USER_AGENTS = [
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0.0.0 Mobile Safari/537.36",
  "NorthwindApp/7.12.0 (Android 14; Samsung SM-S921B)",
];
const PAGE_PATHS = [
  "/",
  "/c/outdoor",
  "/c/home/kitchen",
  "/p/merino-crew-sweater",
  "/p/trail-running-shoes",
  "/search?q=rain+jacket",
  "/cart",
  "/checkout",
];
const REFERRERS = [
  "https://www.google.com/",
  "https://www.instagram.com/",
  "https://newsletter.example/",
  "https://www.bing.com/",
];
const FRAUD_SIGNALS = [
  "VELOCITY_HIGH",
  "IP_COUNTRY_MISMATCH",
  "NEW_DEVICE",
  "EMAIL_RECENTLY_CREATED",
  "HIGH_RISK_BIN",
  "SHIPPING_BILLING_MISMATCH",
];
const ERASURE_SCOPES = ["orders", "marketing", "customer-service", "analytics", "loyalty"];
const LEDGER_ACCOUNTS = [
  "psp-receivable:adyen",
  "psp-receivable:stripe",
  "sales-clearing",
  "psp-fees",
  "refunds-payable",
  "bank:eur-operating",
];
const CHARGEBACK_REASONS = ["10.4", "13.1", "13.3", "4837", "4853"];
const OS_NAMES = ["iOS", "Android", "Windows", "macOS", "Linux"];
const BROWSERS = ["Safari", "Chrome", "Firefox", "Edge", "Northwind App"];
const VAT_RATES = [0.19, 0.2, 0.21, 0.22, 0.25];

/** Enum values that are far more common in real traffic than their siblings. */
const ENUM_WEIGHTS: Record<string, number> = {
  APPROVED: 10,
  SUCCESS: 10,
  ACCEPT: 8,
  MATCHED: 6,
  SUCCEEDED: 6,
  CARD: 4,
  WEB: 3,
  APP: 2,
  IN_TRANSIT: 3,
  PLACED: 3,
  CONFIRMED: 2,
  UPDATED: 4,
  SENT: 3,
  DELIVERED: 2,
};

// ─── Customers ──────────────────────────────────────────────────────────────

interface Person {
  customerId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  dateOfBirth: string;
  place: Place;
  street: string;
  postcode: string;
}

const CUSTOMER_POOL = 5000;

/**
 * The same customer number always yields the same person, so one customer keeps their name,
 * email and address across every topic (joins in the demo make sense).
 */
function personFor(n: number): Person {
  const r = createRng(0x5eed1 + n * 7919);
  const firstName = pick(r, FIRST_NAMES);
  const lastName = pick(r, LAST_NAMES);
  const place = pick(r, PLACES);
  const local = `${ascii(firstName)}.${ascii(lastName)}`.replace(/[^a-z.]/g, "");
  const email = `${local}${r() < 0.3 ? int(r, 1, 99) : ""}@${pick(r, EMAIL_DOMAINS)}`;
  return {
    customerId: `cus_${n.toString(36).padStart(4, "0")}${token(r, 6)}`,
    firstName,
    lastName,
    email,
    phone: phoneNumber(r, place),
    dateOfBirth: `${int(r, 1950, 2006)}-${String(int(r, 1, 12)).padStart(2, "0")}-${String(int(r, 1, 28)).padStart(2, "0")}`,
    place,
    street: `${pick(r, place.streets)} ${int(r, 1, 240)}`,
    postcode: place.postcode(r),
  };
}

/** E.164 mobile numbers; UK ones from Ofcom's range reserved for drama (07700 900xxx). */
function phoneNumber(r: Rng, place: Place): string {
  if (place.country === "GB") return `${place.phone}900${digits(r, 3)}`;
  // 11 digits after the "+" is a plausible mobile length for the other markets.
  return `${place.phone}${digits(r, 12 - place.phone.length)}`;
}

function ascii(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ł/g, "l")
    .replace(/ß/g, "ss")
    .toLowerCase()
    .replace(/\s+/g, "");
}

// ─── Generation ─────────────────────────────────────────────────────────────

interface Context {
  rng: Rng;
  now: Date;
  person: Person;
  product: DemoProduct;
  port: DemoOutputPort;
  /** Ids already drawn in this event, so `orderId` is the same wherever it appears. */
  ids: Map<string, string>;
}

/** Per-object state: a line item's sku, name and price come from the same catalogue entry. */
interface Scope {
  parent: string | undefined;
  inArray: boolean;
  item?: (typeof CATALOG)[number];
}

/** A realistic value for every field of `port`, keyed by `port.keyField`. */
export function generateEvent(product: DemoProduct, port: DemoOutputPort, rng: Rng, now: Date): DemoEvent {
  const ctx: Context = {
    rng,
    now,
    person: personFor(int(rng, 1, CUSTOMER_POOL)),
    product,
    port,
    ids: new Map(),
  };
  const value = generateObject(port.fields, ctx, { parent: undefined, inArray: false });
  const keyValue = port.keyField !== undefined ? value[port.keyField] : undefined;
  const key = keyValue === undefined || keyValue === null ? uuid(rng) : String(keyValue);
  return {
    key,
    value,
    headers: {
      "event-type": port.recordName,
      producer: "meshport-demo",
      "content-type": "application/json",
      "data-product": product.slug,
    },
  };
}

function generateObject(fields: readonly FieldSpec[], ctx: Context, scope: Scope): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (!field.required && ctx.rng() < 0.25) {
      // Avro writers emit null for an absent optional field; JSON producers leave it out.
      if (ctx.port.schemaFormat === "AVRO") out[field.name] = null;
      continue;
    }
    out[field.name] = generateValue(field, ctx, scope);
  }
  harmonise(out, fields, ctx);
  return out;
}

function generateValue(field: FieldSpec, ctx: Context, scope: Scope): unknown {
  if (field.enum && field.enum.length > 0) {
    // The customer's own currency when the schema allows it, so amounts and currency agree.
    const own = field.name === "currency" ? ctx.person.place.currency : undefined;
    return own !== undefined && field.enum.includes(own) ? own : pickEnum(ctx.rng, field.enum);
  }
  switch (field.type) {
    case "object":
      return generateObject(field.fields ?? [], ctx, { parent: field.name, inArray: scope.inArray });
    case "array": {
      const count = int(ctx.rng, 1, 4);
      const result: unknown[] = [];
      for (let i = 0; i < count; i++) {
        if (field.fields)
          result.push(generateObject(field.fields, ctx, { parent: field.name, inArray: true }));
        else result.push(scalarElement(field.name, field.items ?? "string", ctx));
      }
      // Lists of labels read oddly with repeats (two identical fraud signals).
      return field.fields ? result : [...new Set(result)];
    }
    default:
      return scalar(field.name, field.type, ctx, scope);
  }
}

function pickEnum(rng: Rng, values: readonly string[]): string {
  const weights = values.map((v) => ENUM_WEIGHTS[v] ?? 1);
  let roll = rng() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < values.length; i++) {
    roll -= weights[i] ?? 1;
    if (roll < 0) return values[i] ?? values[0] ?? "";
  }
  return values[values.length - 1] ?? "";
}

/** Elements of scalar arrays, named after the array (`signals` → a fraud signal). */
function scalarElement(
  arrayName: string,
  type: Exclude<FieldSpecType, "object" | "array">,
  ctx: Context,
): unknown {
  const n = arrayName.toLowerCase();
  if (type === "string") {
    if (n.includes("signal")) return pick(ctx.rng, FRAUD_SIGNALS);
    if (n.includes("scope")) return pick(ctx.rng, ERASURE_SCOPES);
    if (n.includes("anonymous")) return `anon_${token(ctx.rng, 12)}`;
  }
  return scalar(n.replace(/ies$/, "y").replace(/s$/, ""), type, ctx, { parent: arrayName, inArray: true });
}

type Scalar = string | number | boolean;

function scalar(
  name: string,
  type: Exclude<FieldSpecType, "object" | "array">,
  ctx: Context,
  scope: Scope,
): Scalar {
  switch (type) {
    case "string":
      return stringValue(name, ctx, scope);
    case "boolean":
      return booleanValue(name, ctx.rng);
    case "integer":
      return integerValue(name, ctx.rng);
    case "long":
      return longValue(name, ctx.rng);
    case "number":
      return numberValue(name, ctx, scope);
    case "timestamp":
      return timestampValue(name, ctx, scope);
    case "date":
      return dateValue(name, ctx);
  }
}

const ID_PREFIXES: Record<string, string> = {
  order: "ord",
  customer: "cus",
  authorization: "auth",
  capture: "cap",
  refund: "rfd",
  chargeback: "chb",
  payout: "po",
  shipment: "shp",
  parcel: "pcl",
  return: "ret",
  cart: "cart",
  session: "ses",
  consent: "cns",
  request: "req",
  entry: "led",
  notification: "ntf",
  touchpoint: "tp",
  journal: "jrn",
  source: "src",
};

function idValue(name: string, ctx: Context, scope: Scope): string {
  const { rng, person } = ctx;
  const stem = name.slice(0, -2).toLowerCase();
  if (stem === "customer") return person.customerId;
  if (stem === "event") return uuid(rng);
  if (stem === "campaign") return pick(rng, CAMPAIGNS);
  if (stem === "warehouse") return pick(rng, WAREHOUSES);
  if (stem === "anonymous") return `anon_${token(rng, 12)}`;
  const cached = scope.inArray ? undefined : ctx.ids.get(name);
  if (cached) return cached;
  const id = `${ID_PREFIXES[stem] ?? stem.slice(0, 3)}_${token(rng, 10)}`;
  if (!scope.inArray) ctx.ids.set(name, id);
  return id;
}

function catalogItem(ctx: Context, scope: Scope): (typeof CATALOG)[number] {
  scope.item ??= pick(ctx.rng, CATALOG);
  return scope.item;
}

function stringValue(name: string, ctx: Context, scope: Scope): string {
  const { rng, person, now } = ctx;
  const n = name.toLowerCase();
  const parent = scope.parent?.toLowerCase() ?? "";
  const fullName = `${person.firstName} ${person.lastName}`;

  if (n === "id") return parent === "customer" && rng() < 0.05 ? `gst_${token(rng, 10)}` : person.customerId;
  if (/^[a-z0-9]+Id$/.test(name)) return idValue(name, ctx, scope);
  if (n.includes("email")) return n.includes("sha256") ? token(rng, 64, "0123456789abcdef") : person.email;
  if (n === "firstname") return person.firstName;
  if (n === "lastname") return person.lastName;
  if (
    n === "name" ||
    n === "fullname" ||
    n === "customername" ||
    n === "cardholdername" ||
    n === "signedby"
  ) {
    return n === "signedby" && rng() < 0.3 ? pick(rng, FIRST_NAMES) : fullName;
  }
  if (n.includes("phone")) return person.phone;
  if (n === "street") return person.street;
  if (n === "postcode") return person.postcode;
  // A carrier scan happens at some hub; addresses and everything else point to the customer.
  if (n === "city") return parent === "location" && rng() < 0.5 ? pick(rng, PLACES).city : person.place.city;
  if (n === "country" || n === "issuercountry")
    return parent === "location" && rng() < 0.3 ? pick(rng, PLACES).country : person.place.country;
  if (n === "currency") return person.place.currency;
  if (n === "locale") return person.place.locale;
  if (n === "sku") return catalogItem(ctx, scope).sku;
  if (n === "productname") return catalogItem(ctx, scope).name;
  if (n.includes("ipaddress") || n === "ip") return ipAddress(rng);
  if (n === "useragent") return pick(rng, USER_AGENTS);
  if (n === "pageurl") return `https://shop.example${pick(rng, PAGE_PATHS)}`;
  if (n === "referrer") return pick(rng, REFERRERS);
  if (parent === "utm") {
    if (n === "source") return pick(rng, ["google", "newsletter", "instagram", "tiktok"]);
    if (n === "medium") return pick(rng, ["cpc", "email", "social", "affiliate"]);
    if (n === "campaign") return pick(rng, CAMPAIGNS);
  }
  if (n === "os") return pick(rng, OS_NAMES);
  if (n === "browser") return pick(rng, BROWSERS);
  if (n === "trackingnumber")
    return rng() < 0.5
      ? `JJD00${digits(rng, 14)}`
      : `1Z${token(rng, 16, "0123456789ABCDEFGHJKLMNPRSTUVWXYZ")}`;
  if (n === "pspreference") return token(rng, 16, "0123456789ABCDEFGHJKLMNPRSTUVWXYZ");
  if (n === "bankreference") return `NWG-${isoDate(now).replace(/-/g, "")}-${digits(rng, 5)}`;
  if (n === "bin") return `${pick(rng, ["4", "5"])}${digits(rng, 5)}`;
  if (n === "last4") return digits(rng, 4);
  if (n === "reasoncode") return pick(rng, CHARGEBACK_REASONS);
  if (n === "couponcode") return pick(rng, ["SPRING15", "WELCOME10", "FREESHIP", "LOYAL20"]);
  if (n === "account") return pick(rng, LEDGER_ACCOUNTS);
  if (n === "policyversion") return pick(rng, ["2025-11", "2026-03"]);
  if (n === "modelversion") return `${ctx.product.domain}-model-2026.0${int(rng, 1, 4)}`;
  if (n === "currencypair") return `EUR/${pick(rng, ["GBP", "SEK", "PLN", "USD"])}`;
  if (n === "topic")
    return pick(rng, [
      "orders.order-events.v1",
      "payments.captures.v1",
      "shipping.shipment-events.v1",
      "marketing.clickstream.v1",
      "customers.profile-events.v1",
    ]);
  if (n === "productslug")
    return pick(rng, [
      "order-events",
      "customer-360",
      "payment-captures",
      "customer-segments",
      "shipment-events",
    ]);
  if (n === "period" || n === "month") return isoDate(now).slice(0, 7);
  return `${name}-${token(rng, 6)}`;
}

/** Documentation-only ranges (RFC 5737 / RFC 3849): never a real visitor's address. */
function ipAddress(rng: Rng): string {
  if (rng() < 0.15)
    return `2001:db8:${token(rng, 4, "0123456789abcdef")}::${token(rng, 4, "0123456789abcdef")}`;
  return `${pick(rng, ["192.0.2", "198.51.100", "203.0.113"])}.${int(rng, 1, 254)}`;
}

function booleanValue(name: string, rng: Rng): boolean {
  const n = name.toLowerCase();
  const p =
    n === "granted"
      ? 0.75
      : n === "ontime"
        ? 0.88
        : n === "abandoned"
          ? 0.3
          : n === "mfaused"
            ? 0.35
            : n.includes("consent") || n.includes("optin")
              ? 0.6
              : 0.5;
  return rng() < p;
}

function integerValue(name: string, rng: Rng): number {
  const n = name.toLowerCase();
  if (n === "quantity") return rng() < 0.7 ? 1 : int(rng, 2, 4);
  if (n === "weightgrams") return int(rng, 150, 12_000);
  if (n === "lengthcm") return int(rng, 15, 60);
  if (n === "widthcm") return int(rng, 10, 40);
  if (n === "heightcm") return int(rng, 5, 30);
  if (n === "attempts") return rng() < 0.85 ? 1 : int(rng, 2, 3);
  if (n === "onhand") return int(rng, 0, 800);
  if (n === "reserved") return int(rng, 0, 60);
  if (n === "reorderpoint") return int(rng, 20, 100);
  if (n === "transactioncount") return int(rng, 50, 3000);
  if (n === "consumergroups") return int(rng, 1, 12);
  if (n === "recencydays") return int(rng, 1, 365);
  if (n === "frequency") return int(rng, 1, 20);
  if (n === "linenumber") return int(rng, 1, 20);
  return int(rng, 0, 500);
}

function longValue(name: string, rng: Rng): number {
  const n = name.toLowerCase();
  if (n === "messagesin") return int(rng, 10, 120_000);
  if (n.startsWith("bytes")) return int(rng, 10_000, 150_000_000);
  if (n.includes("lag")) return rng() < 0.8 ? int(rng, 0, 200) : int(rng, 200, 50_000);
  return int(rng, 0, 1_000_000);
}

function numberValue(name: string, ctx: Context, scope: Scope): number {
  const { rng } = ctx;
  const n = name.toLowerCase();
  const perEur = PER_EUR[ctx.person.place.currency] ?? 1;
  if (n === "unitprice") return money(catalogItem(ctx, scope).price * perEur);
  if (n === "score" || n.includes("probability") || n === "confidence" || n === "credit")
    return round(rng() ** 2, 3);
  if (n === "rate" || n === "fxrate") return round(perEur * (1 + (rng() - 0.5) * 0.02), 4);
  if (n === "vatrate") return pick(rng, VAT_RATES);
  if (n.endsWith("rate")) return round(0.7 + rng() * 0.29, 3);
  if (n === "transithours" || n.includes("hours")) return round(12 + rng() * 100, 1);
  if (n === "shippingfee") return money(pick(rng, [0, 3.95, 4.95, 6.95]) * perEur);
  if (n.includes("fee")) return money((0.15 + rng() * 3) * perEur);
  if (
    /amount|price|value|revenue|cost|spend|total|gross|net|tax|discount|refund|difference|monetary|ltv/.test(
      n,
    )
  ) {
    return money((15 + rng() * 285) * perEur);
  }
  return round(rng() * 1000, 2);
}

/** Offsets from `now` by field name: most things happened seconds ago, some long before or after. */
const TIMESTAMP_OFFSETS: readonly [RegExp, number, number][] = [
  [/^(createdat|firstseenat|firstorderat)$/, -3 * 365 * DAY, -30 * DAY],
  [/^(lastorderat|lastseenat|placedat)$/, -60 * DAY, -HOUR],
  [/^startedat$/, -30 * MINUTE, -MINUTE],
  [/^lastactivityat$/, -90 * MINUTE, -60 * MINUTE],
  [/^eligibleat$/, HOUR, 3 * HOUR],
  [/^windowstart$/, -2 * MINUTE, -MINUTE],
  [/^(paidat|deliveredat)$/, -3 * HOUR, -MINUTE],
  [/^requestedat$/, -2 * DAY, -MINUTE],
];

function timestampValue(name: string, ctx: Context, scope: Scope): string {
  const { rng, now } = ctx;
  const n = name.toLowerCase();
  // Touchpoints inside an attribution look back over the 30-day window.
  let range: readonly [number, number] = scope.inArray ? [-30 * DAY, -HOUR] : [-5_000, 0];
  for (const [pattern, min, max] of TIMESTAMP_OFFSETS) {
    if (pattern.test(n)) {
      range = [min, max];
      break;
    }
  }
  const offset = range[0] + rng() * (range[1] - range[0]);
  const at = new Date(now.getTime() + Math.round(offset));
  if (n === "windowstart") at.setUTCSeconds(0, 0);
  return at.toISOString();
}

function dateValue(name: string, ctx: Context): string {
  const { rng, now, person } = ctx;
  const n = name.toLowerCase();
  const days = (min: number, max: number) => isoDate(new Date(now.getTime() + int(rng, min, max) * DAY));
  if (n === "dateofbirth") return person.dateOfBirth;
  if (n === "estimateddelivery") return days(1, 5);
  if (n === "promiseddate") return days(-2, 1);
  if (n === "dueby") return days(28, 30);
  if (n === "respondby") return days(7, 20);
  if (n === "settlementdate" || n === "invoicedat") return days(-3, -1);
  return isoDate(now);
}

// ─── Coherence ──────────────────────────────────────────────────────────────

/**
 * Cross-field rules, applied to each generated object. Each rule only fires when the fields it
 * reads and writes are present, so it cannot add fields the schema does not have.
 */
function harmonise(out: Record<string, unknown>, fields: readonly FieldSpec[], ctx: Context): void {
  const has = (name: string) =>
    fields.some((f) => f.name === name) && out[name] !== undefined && out[name] !== null;
  const num = (name: string) => (typeof out[name] === "number" ? out[name] : 0);
  const absent = ctx.port.schemaFormat === "AVRO" ? null : undefined;
  const drop = (name: string) => {
    if (absent === null) out[name] = null;
    else delete out[name];
  };

  // Basket totals: what the lines add up to (plus shipping where the record has it).
  const items = Array.isArray(out.items) ? (out.items as Record<string, unknown>[]) : undefined;
  if (items && items.every((i) => typeof i.unitPrice === "number")) {
    const sum = items.reduce(
      (acc, i) => acc + (i.unitPrice as number) * (typeof i.quantity === "number" ? i.quantity : 1),
      0,
    );
    if (has("totalAmount")) out.totalAmount = money(sum + num("shippingFee"));
    if (has("cartValue")) out.cartValue = money(sum);
  }
  // A declined authorization says why; an approved one does not. Cards have card details.
  if (fields.some((f) => f.name === "declineReason")) {
    if (out.outcome === "APPROVED") drop("declineReason");
    else if (!has("declineReason"))
      out.declineReason = pickEnum(
        ctx.rng,
        fields.find((f) => f.name === "declineReason")?.enum ?? ["DO_NOT_HONOR"],
      );
  }
  if (fields.some((f) => f.name === "card") && "method" in out && out.method !== "CARD") drop("card");
  if (fields.some((f) => f.name === "returnId") && "reason" in out && out.reason !== "RETURN")
    drop("returnId");
  // Settlement batches: gross scales with the transactions, net is gross minus fees.
  if (has("grossAmount") && has("netAmount") && has("feeAmount")) {
    const perEur = PER_EUR[ctx.person.place.currency] ?? 1;
    if (has("transactionCount"))
      out.grossAmount = money(num("transactionCount") * (40 + ctx.rng() * 50) * perEur);
    out.feeAmount = money(num("grossAmount") * (0.012 + ctx.rng() * 0.013));
    out.netAmount = money(num("grossAmount") - num("feeAmount"));
  }
  // Stock: available is what is not reserved.
  if (has("onHand") && has("reserved") && has("available")) {
    out.reserved = Math.min(num("reserved"), num("onHand"));
    out.available = num("onHand") - num("reserved");
  }
  // Revenue: VAT and discount are shares of gross; reversals are negative.
  if (has("grossRevenue") && has("taxAmount") && has("netRevenue")) {
    const gross = num("grossRevenue");
    const discount = has("discountAmount") ? money(gross * (ctx.rng() < 0.7 ? 0 : 0.1)) : 0;
    if (has("discountAmount")) out.discountAmount = discount;
    out.taxAmount = money(((gross - discount) * 0.21) / 1.21);
    const net = money(gross - discount - num("taxAmount"));
    out.netRevenue = out.eventType === "REVERSED" ? -net : net;
    if (has("netRevenueEur"))
      out.netRevenueEur = money(num("netRevenue") / (has("fxRate") ? num("fxRate") : 1));
  }
  // FX: the pair, its parts and the rate agree.
  if (has("currencyPair") && has("quoteCurrency")) {
    const quote = String(out.quoteCurrency);
    out.currencyPair = `EUR/${quote}`;
    if (has("rate")) out.rate = round((PER_EUR[quote] ?? 1) * (1 + (ctx.rng() - 0.5) * 0.02), 4);
  }
  // Kafka usage: bytes follow messages; reads multiply by consumer groups.
  if (has("messagesIn") && has("bytesIn")) {
    out.bytesIn = num("messagesIn") * int(ctx.rng, 300, 1200);
    if (has("bytesOut")) out.bytesOut = num("bytesIn") * (has("consumerGroups") ? num("consumerGroups") : 1);
  }
  // Attribution credits split one order: they sum to 1.
  const touchpoints = Array.isArray(out.touchpoints)
    ? (out.touchpoints as Record<string, unknown>[])
    : undefined;
  if (touchpoints && touchpoints.length > 0 && touchpoints.every((t) => typeof t.credit === "number")) {
    const total = touchpoints.reduce((acc, t) => acc + (t.credit as number), 0) || 1;
    let assigned = 0;
    touchpoints.forEach((t, i) => {
      t.credit =
        i === touchpoints.length - 1
          ? Math.max(0, round(1 - assigned, 3))
          : round((t.credit as number) / total, 3);
      assigned += t.credit as number;
    });
  }
}
