/**
 * The sandbox's demo Salesforce org: standard objects with their real API names, labels and types,
 * custom objects, fields no update can write, and an Account wide enough (several hundred
 * custom fields) to show why field lists are searched and paged.
 */

export interface DemoField {
  name: string;
  label: string;
  type: string;
  updateable: boolean;
  /** Salesforce's describe metadata, as Floqer lists it beside the field. */
  length?: number;
  precision?: number;
  scale?: number;
  picklistValues?: { value: string; label: string; active: boolean }[];
}

/** Text lengths Salesforce gives these types by default. */
const LENGTHS: Record<string, number> = {
  string: 255,
  textarea: 32_768,
  email: 80,
  phone: 40,
  url: 255,
};

/** Numbers: digits in all and after the point. */
const DIGITS: Record<string, [precision: number, scale: number]> = {
  double: [18, 2],
  currency: [18, 2],
  percent: [5, 2],
};

/**
 * Picklist values by field name, as a real org holds them: the values a user can pick, then (after
 * the bar) retired ones Salesforce keeps as inactive. A picklist not named here gets GENERIC.
 */
const PICKLISTS: Record<string, string> = {
  Status: "Open - Not Contacted|Working - Contacted|Closed - Converted|Closed - Not Converted||Contacted",
  LeadSource: "Web|Phone Inquiry|Partner Referral|Purchased List|Other||Trade Show",
  Rating: "Hot|Warm|Cold",
  Industry: "Agriculture|Banking|Consulting|Education|Healthcare|Manufacturing|Retail|Technology|Other",
  Salutation: "Mr.|Ms.|Mrs.|Dr.|Prof.",
  StageName: "Prospecting|Qualification|Proposal/Price Quote|Negotiation/Review|Closed Won|Closed Lost",
  Enrichment_Status__c: "Enriched|Pending|Failed||Legacy",
  ICP_Fit__c: "A|B|C|D",
  Seniority__c: "Entry|Manager|Director|VP|C-Level",
  Priority: "High|Medium|Low",
};
const GENERIC = "Low|Medium|High||Unknown";

function picklistValues(name: string): DemoField["picklistValues"] {
  const [active = "", retired = ""] = (PICKLISTS[name] ?? GENERIC).split("||");
  const entry = (active: boolean) => (value: string) => ({ value, label: value, active });
  return [
    ...active.split("|").filter(Boolean).map(entry(true)),
    ...retired.split("|").filter(Boolean).map(entry(false)),
  ];
}

export interface DemoObject {
  name: string;
  label: string;
  fields: DemoField[];
}

type FieldSpec = [name: string, label: string, type: string, updateable?: boolean];

function fields(specs: readonly FieldSpec[]): DemoField[] {
  return specs.map(([name, label, type, updateable = true]) => {
    const field: DemoField = { name, label, type, updateable };
    const length = name === "Title" ? 128 : LENGTHS[type];
    if (length !== undefined) field.length = length;
    const digits = DIGITS[type];
    if (digits) [field.precision, field.scale] = digits;
    if (type === "picklist" || type === "multipicklist") field.picklistValues = picklistValues(name);
    return field;
  });
}

/** Every record has these, and none of them can be written. */
const SYSTEM_FIELDS: FieldSpec[] = [
  ["Id", "Record ID", "id", false],
  ["IsDeleted", "Deleted", "boolean", false],
  ["CreatedDate", "Created Date", "datetime", false],
  ["CreatedById", "Created By ID", "reference", false],
  ["LastModifiedDate", "Last Modified Date", "datetime", false],
  ["LastModifiedById", "Last Modified By ID", "reference", false],
  ["SystemModstamp", "System Modstamp", "datetime", false],
];

const OWNED: FieldSpec[] = [...SYSTEM_FIELDS, ["OwnerId", "Owner ID", "reference"]];

const ADDRESS = (prefix: string, label: string): FieldSpec[] => [
  [`${prefix}Street`, `${label} Street`, "textarea"],
  [`${prefix}City`, `${label} City`, "string"],
  [`${prefix}State`, `${label} State/Province`, "string"],
  [`${prefix}PostalCode`, `${label} Zip/Postal Code`, "string"],
  [`${prefix}Country`, `${label} Country`, "string"],
];

/** Enrichment fields a go-to-market team adds to Account over the years: 10 x 9 x 6 = 540. */
function enrichmentFields(): FieldSpec[] {
  const topics = [
    "Intent",
    "Funding",
    "Hiring",
    "Technographic",
    "Web_Traffic",
    "Social",
    "News",
    "Product_Usage",
    "Support",
    "Partner",
  ];
  const measures = ["Score", "Signal", "Source", "Stage", "Count", "Trend", "Notes", "Date", "Flag"];
  const periods = ["Current", "Prior_Quarter", "Prior_Year", "Peak", "Baseline", "Forecast"];
  const typeOf: Record<string, string> = {
    Score: "double",
    Signal: "picklist",
    Source: "string",
    Stage: "picklist",
    Count: "double",
    Trend: "percent",
    Notes: "textarea",
    Date: "date",
    Flag: "boolean",
  };
  const specs: FieldSpec[] = [];
  for (const topic of topics) {
    for (const measure of measures) {
      for (const period of periods) {
        const name = `${topic}_${measure}_${period}__c`;
        specs.push([
          name,
          `${topic} ${measure} (${period})`.replaceAll("_", " "),
          typeOf[measure] ?? "string",
        ]);
      }
    }
  }
  return specs;
}

export const DEMO_OBJECTS: DemoObject[] = [
  {
    name: "Account",
    label: "Account",
    fields: fields([
      ...OWNED,
      ["Name", "Account Name", "string"],
      ["AccountNumber", "Account Number", "string"],
      ["Type", "Account Type", "picklist"],
      ["Industry", "Industry", "picklist"],
      ["AnnualRevenue", "Annual Revenue", "currency"],
      ["NumberOfEmployees", "Employees", "int"],
      ["Phone", "Account Phone", "phone"],
      ["Fax", "Account Fax", "phone"],
      ["Website", "Website", "url"],
      ["Description", "Account Description", "textarea"],
      ["ParentId", "Parent Account ID", "reference"],
      ["Rating", "Account Rating", "picklist"],
      ["Ownership", "Ownership", "picklist"],
      ["TickerSymbol", "Ticker Symbol", "string"],
      ["Sic", "SIC Code", "string"],
      ["Site", "Account Site", "string"],
      ...ADDRESS("Billing", "Billing"),
      ...ADDRESS("Shipping", "Shipping"),
      ["LastActivityDate", "Last Activity", "date", false],
      ["Total_Open_Pipeline__c", "Total Open Pipeline", "currency", false],
      ["Days_Since_Last_Touch__c", "Days Since Last Touch", "formula", false],
      ["LinkedIn_Company_URL__c", "LinkedIn Company URL", "url"],
      ["Floqer_Enriched_At__c", "Floqer Enriched At", "datetime"],
      ...enrichmentFields(),
    ]),
  },
  {
    name: "Contact",
    label: "Contact",
    fields: fields([
      ...OWNED,
      ["AccountId", "Account ID", "reference"],
      ["Salutation", "Salutation", "picklist"],
      ["FirstName", "First Name", "string"],
      ["LastName", "Last Name", "string"],
      ["Name", "Full Name", "string", false],
      ["Title", "Title", "string"],
      ["Department", "Department", "string"],
      ["Email", "Email", "email"],
      ["Phone", "Business Phone", "phone"],
      ["MobilePhone", "Mobile Phone", "phone"],
      ["HomePhone", "Home Phone", "phone"],
      ["LeadSource", "Lead Source", "picklist"],
      ["Birthdate", "Birthdate", "date"],
      ["Description", "Contact Description", "textarea"],
      ["HasOptedOutOfEmail", "Email Opt Out", "boolean"],
      ["DoNotCall", "Do Not Call", "boolean"],
      ["EmailBouncedReason", "Email Bounced Reason", "string"],
      ...ADDRESS("Mailing", "Mailing"),
      ["LastActivityDate", "Last Activity", "date", false],
      ["LinkedIn_URL__c", "LinkedIn URL", "url"],
      ["Seniority__c", "Seniority", "picklist"],
      ["Persona__c", "Persona", "picklist"],
      ["Email_Verified__c", "Email Verified", "boolean"],
      ["Contact_Score__c", "Contact Score", "double"],
      ["Engagement_Tier__c", "Engagement Tier", "formula", false],
    ]),
  },
  {
    name: "Lead",
    label: "Lead",
    fields: fields([
      ...OWNED,
      ["FirstName", "First Name", "string"],
      ["LastName", "Last Name", "string"],
      ["Name", "Full Name", "string", false],
      ["Company", "Company", "string"],
      ["Title", "Title", "string"],
      ["Email", "Email", "email"],
      ["Phone", "Phone", "phone"],
      ["MobilePhone", "Mobile Phone", "phone"],
      ["Website", "Website", "url"],
      ["Status", "Lead Status", "picklist"],
      ["LeadSource", "Lead Source", "picklist"],
      ["Industry", "Industry", "picklist"],
      ["Rating", "Rating", "picklist"],
      ["AnnualRevenue", "Annual Revenue", "currency"],
      ["NumberOfEmployees", "Employees", "int"],
      ["Description", "Description", "textarea"],
      ["IsConverted", "Converted", "boolean", false],
      ["ConvertedAccountId", "Converted Account ID", "reference", false],
      ["ConvertedContactId", "Converted Contact ID", "reference", false],
      ["ConvertedDate", "Converted Date", "date", false],
      ...ADDRESS("", "Address"),
      ["Lead_Score__c", "Lead Score", "double"],
      ["ICP_Fit__c", "ICP Fit", "picklist"],
      ["Enrichment_Status__c", "Enrichment Status", "picklist"],
    ]),
  },
  {
    name: "Opportunity",
    label: "Opportunity",
    fields: fields([
      ...OWNED,
      ["AccountId", "Account ID", "reference"],
      ["Name", "Name", "string"],
      ["StageName", "Stage", "picklist"],
      ["Amount", "Amount", "currency"],
      ["Probability", "Probability (%)", "percent"],
      ["ExpectedRevenue", "Expected Amount", "currency", false],
      ["CloseDate", "Close Date", "date"],
      ["Type", "Opportunity Type", "picklist"],
      ["NextStep", "Next Step", "string"],
      ["LeadSource", "Lead Source", "picklist"],
      ["ForecastCategoryName", "Forecast Category", "picklist"],
      ["IsClosed", "Closed", "boolean", false],
      ["IsWon", "Won", "boolean", false],
      ["Description", "Description", "textarea"],
      ["Competitor__c", "Competitor", "string"],
      ["Champion__c", "Champion", "reference"],
    ]),
  },
  {
    name: "Case",
    label: "Case",
    fields: fields([
      ...OWNED,
      ["CaseNumber", "Case Number", "string", false],
      ["AccountId", "Account ID", "reference"],
      ["ContactId", "Contact ID", "reference"],
      ["Subject", "Subject", "string"],
      ["Description", "Description", "textarea"],
      ["Status", "Status", "picklist"],
      ["Priority", "Priority", "picklist"],
      ["Origin", "Case Origin", "picklist"],
      ["Reason", "Case Reason", "picklist"],
      ["Type", "Case Type", "picklist"],
      ["IsClosed", "Closed", "boolean", false],
      ["ClosedDate", "Closed Date", "datetime", false],
      ["SuppliedEmail", "Web Email", "email"],
    ]),
  },
  {
    name: "Campaign",
    label: "Campaign",
    fields: fields([
      ...OWNED,
      ["Name", "Campaign Name", "string"],
      ["Type", "Type", "picklist"],
      ["Status", "Status", "picklist"],
      ["StartDate", "Start Date", "date"],
      ["EndDate", "End Date", "date"],
      ["BudgetedCost", "Budgeted Cost in Campaign", "currency"],
      ["IsActive", "Active", "boolean"],
      ["NumberOfLeads", "Leads in Campaign", "int", false],
    ]),
  },
  {
    name: "Invoice__c",
    label: "Invoice",
    fields: fields([
      ...OWNED,
      ["Name", "Invoice Number", "string", false],
      ["Account__c", "Account", "reference"],
      ["Amount__c", "Amount", "currency"],
      ["Due_Date__c", "Due Date", "date"],
      ["Status__c", "Status", "picklist"],
      ["Days_Overdue__c", "Days Overdue", "formula", false],
    ]),
  },
  {
    name: "Product_Usage__c",
    label: "Product Usage",
    fields: fields([
      ...OWNED,
      ["Name", "Usage Record", "string"],
      ["Account__c", "Account", "reference"],
      ["Active_Users__c", "Active Users", "double"],
      ["Last_Login__c", "Last Login", "datetime"],
      ["Plan__c", "Plan", "picklist"],
      ["Seats_Used_Percent__c", "Seats Used (%)", "formula", false],
    ]),
  },
];

/** A record of the demo org: its id and the values of its fields. */
export interface DemoRecord {
  Id: string;
  [field: string]: string;
}

/**
 * The demo org's records, by object: the people the demo workflows' rows look up. IDs carry the
 * object's key prefix and a valid 18-character checksum.
 */
export function demoRecords(): Record<string, DemoRecord[]> {
  return {
    Contact: [
      {
        Id: "0035g00000XyZaBAAV",
        Name: "Ada Lovelace",
        FirstName: "Ada",
        LastName: "Lovelace",
        Email: "ada@analytical.example",
        Title: "Analyst",
        OwnerId: "0055g00000Own1rAAB",
      },
      {
        Id: "0035g00000QrStUAAV",
        Name: "Grace Hopper",
        FirstName: "Grace",
        LastName: "Hopper",
        Email: "grace@navy.example",
        Title: "Rear Admiral",
        OwnerId: "0055g00000Own1rAAB",
      },
    ],
    Lead: [
      {
        Id: "00Q5g00000LmNoPEAV",
        Name: "Alan Turing",
        FirstName: "Alan",
        LastName: "Turing",
        Company: "Bletchley Park",
        Email: "alan@bletchley.example",
        Status: "Open - Not Contacted",
        OwnerId: "0055g00000Own1rAAB",
      },
    ],
  };
}
