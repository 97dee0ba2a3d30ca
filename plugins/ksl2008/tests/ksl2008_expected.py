"""What the 2008 sample is known to contain, shared by the sample and variant tests."""

#: The document's own rounding differences (a krona here and there), each one named.
ROUNDING = {
    ("fees.column_total", "fees: Länets Kommuner, own_tax_income_kr"),
    ("fees.column_total", "fees: Länets Kommuner, taxes_and_grants_kr"),
    ("fees.column_total", "fees: Länets Kommuner, fee_kr"),
    ("resources.net_cost", "resources: Verksamheter under styrelsen > Sysselsättning och tillväxt, net_cost_kr"),
    ("resources.net_cost", "resources: Verksamheter under Utbildningsberedningen > Vägledning, net_cost_kr"),
    ("resources.net_cost", "resources: Verksamheter under Utbildningsberedningen > Kvalitetsfrågor, net_cost_kr"),
    ("resources.net_cost",
     "resources: Verksamheter under samhällsbyggnadsberedningen > Adressdata och mätteknik, net_cost_kr"),
    ("resources.net_cost", "resources: Verksamheter under vård- och omsorgsberedningen (subtotal), net_cost_kr"),
    ("resources.net_cost", "resources: Verksamheter under vård- och omsorgsberedningen > BUS, net_cost_kr"),
    ("resources.net_cost", "resources: Andra organisationer (subtotal), net_cost_kr"),
    ("resources.net_cost", "resources: Externfinansierade enheter (subtotal), net_cost_kr"),
    ("resources.subtotal", "resources: Verksamheter under styrelsen, net_cost_kr"),
    ("resources.subtotal", "resources: Verksamheter under samhällsbyggnadsberedningen, other_costs_kr"),
    ("resources.subtotal", "resources: Verksamheter under vård- och omsorgsberedningen, other_costs_kr"),
    ("resources.subtotal", "resources: Verksamheter under vård- och omsorgsberedningen, net_cost_kr"),
    ("resources.subtotal", "resources: Andra organisationer, consultants_grants_conferences_kr"),
    ("resources.subtotal", "resources: Externfinansierade enheter, net_cost_kr"),
    ("resources.total", "resources: KSL TOTALT, personnel_kr"),
    ("resources.total", "resources: KSL TOTALT, other_costs_kr"),
}
NARRATIVE = {"fee_rate", "fee_income", "net_interest", "total_income", "other_income", "adult_education_income",
             "total_costs", "board_and_committees_costs", "management_costs", "other_organisations_costs",
             "seu_grant", "external_costs"}
