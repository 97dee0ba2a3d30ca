"""What the 2008 sample is known to contain, shared by the sample and variant tests."""

#: The document's own rounding differences (a krona here and there), each one named.
ROUNDING = {
    ("fees.column_total", "fees: Länets Kommuner, own_tax_income"),
    ("fees.column_total", "fees: Länets Kommuner, taxes_and_grants"),
    ("fees.column_total", "fees: Länets Kommuner, fee"),
    ("resources.net_cost", "resources: Verksamheter under styrelsen > Sysselsättning och tillväxt, net_cost"),
    ("resources.net_cost", "resources: Verksamheter under Utbildningsberedningen > Vägledning, net_cost"),
    ("resources.net_cost", "resources: Verksamheter under Utbildningsberedningen > Kvalitetsfrågor, net_cost"),
    ("resources.net_cost",
     "resources: Verksamheter under samhällsbyggnadsberedningen > Adressdata och mätteknik, net_cost"),
    ("resources.net_cost", "resources: Verksamheter under vård- och omsorgsberedningen (subtotal), net_cost"),
    ("resources.net_cost", "resources: Verksamheter under vård- och omsorgsberedningen > BUS, net_cost"),
    ("resources.net_cost", "resources: Andra organisationer (subtotal), net_cost"),
    ("resources.net_cost", "resources: Externfinansierade enheter (subtotal), net_cost"),
    ("resources.subtotal", "resources: Verksamheter under styrelsen, net_cost"),
    ("resources.subtotal", "resources: Verksamheter under samhällsbyggnadsberedningen, other_costs"),
    ("resources.subtotal", "resources: Verksamheter under vård- och omsorgsberedningen, other_costs"),
    ("resources.subtotal", "resources: Verksamheter under vård- och omsorgsberedningen, net_cost"),
    ("resources.subtotal", "resources: Andra organisationer, consultants_grants_conferences"),
    ("resources.subtotal", "resources: Externfinansierade enheter, net_cost"),
    ("resources.total", "resources: KSL TOTALT, personnel"),
    ("resources.total", "resources: KSL TOTALT, other_costs"),
}
NARRATIVE = {"fee_rate", "fee_income", "net_interest", "total_income", "other_income", "adult_education_income",
             "total_costs", "board_and_committees_costs", "management_costs", "other_organisations_costs",
             "seu_grant", "external_costs"}
