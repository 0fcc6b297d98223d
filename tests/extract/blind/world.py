"""The people, organisations, sectors and partners of the blind set, and how money is written.

Everything here is invented for this set; names of real networks (Aract, OPCO, Carsat, unions'
confederations) are used only as the kind of partner French applicants really cite.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

FIRST = ["Adèle", "Bastien", "Capucine", "Damien", "Éloïse", "Fabrice", "Gaëlle", "Hugo", "Inès", "Jérôme",
         "Karima", "Loïc", "Maëlle", "Nordine", "Océane", "Pascal", "Rozenn", "Samir", "Tiphaine", "Ugo",
         "Violaine", "Wassim", "Yannick", "Zoé", "Armelle", "Benoît", "Clémence", "Denis", "Fanny", "Gwenaël",
         "Héloïse", "Ismaël", "Josiane", "Killian", "Lucile", "Mathias", "Noémie", "Patrice", "Quitterie",
         "Régis", "Solène", "Thibault", "Valérie", "Yasmina", "Aurélien", "Bérénice", "Cyril", "Delphine"]
LAST = ["Le Goff", "Marchal", "Kerbrat", "Delattre", "Ouali", "Peyrat", "Vasseur", "Ribeiro", "Thépaut",
        "Cazenave", "Hamon", "Brunet-Lacoste", "Diallo", "Ferrand", "Guillot", "Jacquemin", "Lemaître",
        "N'Diaye", "Paviot", "Roussel", "Sabatier", "Tessier", "Vidal", "Weber", "Abgrall", "Bensaïd",
        "Chapuis", "Duval-Moreau", "Escoffier", "Fournel", "Garnier", "Hoarau", "Izard", "Joly", "Keller",
        "Lacombe", "Mével", "Nicolle", "Orsini", "Poulain", "Quéré", "Rivière", "Sicard", "Touzé"]


FEMALE = {"Adèle", "Capucine", "Éloïse", "Gaëlle", "Inès", "Karima", "Maëlle", "Océane", "Rozenn", "Tiphaine",
          "Violaine", "Zoé", "Armelle", "Clémence", "Fanny", "Héloïse", "Josiane", "Lucile", "Noémie", "Quitterie",
          "Solène", "Valérie", "Yasmina", "Bérénice", "Delphine"}


def ascii_fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def slug(s: str, sep: str = "-") -> str:
    words, cur = [], ""
    for c in ascii_fold(s).lower():
        if c.isalnum():
            cur += c
        elif cur:
            words.append(cur)
            cur = ""
    if cur:
        words.append(cur)
    return sep.join(words)


@dataclass
class Person:
    first: str
    last: str
    title: str = ""

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    def gendered(self, title: str) -> str:
        """'Directeur|Directrice' -> the form that fits the first name."""
        if "|" not in title:
            return title
        masc, fem = title.split("|")
        return fem if self.first in FEMALE else masc

    def email(self, domain: str, pattern: str = "first.last") -> str:
        f, l_ = slug(self.first, ""), slug(self.last, "")
        local = {"first.last": f"{f}.{l_}", "f.last": f"{f[0]}.{l_}", "flast": f"{f[0]}{l_}",
                 "first": f, "last.first": f"{l_}.{f}", "first-last": f"{f}-{l_}"}[pattern]
        return f"{local}@{domain}"


def person(rng: random.Random, title: str = "") -> Person:
    return Person(rng.choice(FIRST), rng.choice(LAST), title)


@dataclass
class Org:
    name: str
    kind: str  # cabinet | labo | asso | editeur | syndicat | collectivite | thinktank | scop
    domain: str
    short: str = ""
    address: str = ""
    region: str = ""

    @property
    def label(self) -> str:
        return self.short or self.name


ORGS = [
    Org("Atelier Parallèle – conseil en organisation du travail", "cabinet", "atelier-parallele.fr",
        "Atelier Parallèle",
        "14 rue des Tanneurs, 67000 Strasbourg", "Grand Est"),
    Org("Cabinet Ostinato", "cabinet", "ostinato-conseil.com", "Ostinato", "3 place du Martroi, 45000 Orléans",
        "Centre-Val de Loire"),
    Org("Azimut Travail & Organisation", "cabinet", "azimut-to.fr", "Azimut", "22 cours Victor Hugo, 33000 Bordeaux",
        "Nouvelle-Aquitaine"),
    Org("Hélice Conseil SARL", "cabinet", "helice-conseil.fr", "Hélice Conseil", "9 quai de la Fosse, 44000 Nantes",
        "Pays de la Loire"),
    Org("Tangente RH", "cabinet", "tangente-rh.com", "Tangente RH", "41 rue Nationale, 37000 Tours",
        "Centre-Val de Loire"),
    Org("Lignes de Force Consultants", "cabinet", "lignesdeforce.eu", "Lignes de Force",
        "5 rue Sainte-Catherine, 69001 Lyon", "Auvergne-Rhône-Alpes"),
    Org("Laboratoire TRAME – Travail, Risques, Activité (Université de Haute-Alsace)", "labo", "uha.fr",
        "Laboratoire TRAME", "2 rue des Frères Lumière, 68100 Mulhouse", "Grand Est"),
    Org("Équipe PsyTra – Psychologie du travail et des organisations (Nantes Université)", "labo",
        "univ-nantes.fr", "Équipe PsyTra", "Chemin de la Censive du Tertre, 44300 Nantes", "Pays de la Loire"),
    Org("UMR Territoires, Travail et Organisations (Université de Limoges – CNRS)", "labo", "unilim.fr",
        "UMR TTO", "39 rue Camille Guérin, 87000 Limoges", "Nouvelle-Aquitaine"),
    Org("Laboratoire d'Ergonomie Cognitive et Organisationnelle (LECO) – Université de Picardie Jules Verne",
        "labo", "u-picardie.fr", "LECO", "Chemin du Thil, 80025 Amiens", "Hauts-de-France"),
    Org("Association Travail & Territoires du Cantal", "asso", "travail-territoires15.org", "Travail & Territoires",
        "8 avenue de la République, 15000 Aurillac", "Auvergne-Rhône-Alpes"),
    Org("Les Ateliers du Dialogue", "asso", "ateliersdudialogue.org", "Les Ateliers du Dialogue",
        "17 rue de la Monnaie, 59800 Lille", "Hauts-de-France"),
    Org("Association Regards Croisés sur le Travail", "asso", "regards-croises-travail.fr", "Regards Croisés",
        "6 rue Paul Bert, 21000 Dijon", "Bourgogne-Franche-Comté"),
    Org("Collectif Numérique Inclusif 44", "asso", "cni44.org", "CNI 44", "30 rue de Rennes, 44000 Nantes",
        "Pays de la Loire"),
    Org("Kanopée Logiciels SAS", "editeur", "kanopee-logiciels.fr", "Kanopée", "Parc Technopolis, 35510 Cesson-Sévigné",
        "Bretagne"),
    Org("Orbis Santé Numérique", "editeur", "orbis-sante.fr", "Orbis", "60 allée de Barcelone, 31000 Toulouse",
        "Occitanie"),
    Org("Dispatch'In SARL", "editeur", "dispatchin.com", "Dispatch'In", "12 rue Ampère, 38000 Grenoble",
        "Auvergne-Rhône-Alpes"),
    Org("Quaero Solutions", "editeur", "quaero-solutions.io", "Quaero", "101 boulevard de Strasbourg, 76600 Le Havre",
        "Normandie"),
    Org("Union départementale CFDT de la Sarthe", "syndicat", "sarthe.cfdt.fr", "UD CFDT 72",
        "4 rue d'Arcole, 72000 Le Mans", "Pays de la Loire"),
    Org("Union syndicale Solidaires Isère", "syndicat", "solidaires38.org", "Solidaires Isère",
        "32 avenue de l'Europe, 38100 Grenoble", "Auvergne-Rhône-Alpes"),
    Org("Union régionale CFE-CGC Bretagne", "syndicat", "cfecgc-bretagne.org", "CFE-CGC Bretagne",
        "2 rue de Brest, 35000 Rennes", "Bretagne"),
    Org("Communauté de communes Vals et Coteaux", "collectivite", "valsetcoteaux.fr", "CC Vals et Coteaux",
        "1 place de la Mairie, 47300 Villeneuve-sur-Lot", "Nouvelle-Aquitaine"),
    Org("Centre de gestion de la fonction publique territoriale de la Vienne", "collectivite", "cdg86.fr",
        "CDG 86", "4 rue Arsène Orillard, 86000 Poitiers", "Nouvelle-Aquitaine"),
    Org("Chambre de métiers et de l'artisanat de l'Aude", "collectivite", "cma-aude.fr", "CMA Aude",
        "43 rue Antoine Marty, 11000 Carcassonne", "Occitanie"),
    Org("Institut Travail & Cité", "thinktank", "travail-et-cite.org", "Travail & Cité",
        "15 rue du Faubourg Poissonnière, 75009 Paris", "Île-de-France"),
    Org("Fondation Lendemains du Travail", "thinktank", "lendemains-travail.org", "Lendemains du Travail",
        "48 rue de Lille, 75007 Paris", "Île-de-France"),
    Org("SCOP Les Artisans du Lien", "scop", "artisansdulien.coop", "Les Artisans du Lien",
        "11 rue de la Soif, 56000 Vannes", "Bretagne"),
    Org("Coopérative Oriel – études et conseil", "scop", "oriel.coop", "Oriel", "27 rue Saint-Ferréol, 13001 Marseille",
        "Provence-Alpes-Côte d'Azur"),
    Org("Cabinet Vercors Ergonomie", "cabinet", "vercors-ergonomie.fr", "Vercors Ergonomie",
        "7 rue Lesdiguières, 38000 Grenoble", "Auvergne-Rhône-Alpes"),
    Org("Boussole & Compagnie", "cabinet", "boussole-cie.fr", "Boussole & Cie", "19 rue Nationale, 59000 Lille",
        "Hauts-de-France"),
    Org("Maison de l'emploi et des entreprises du Pays Mellois", "collectivite", "mde-paysmellois.fr",
        "MDE Pays Mellois",
        "2 place René Groussard, 79500 Melle", "Nouvelle-Aquitaine"),
    Org("Ergolab Sud – Institut d'ergonomie appliquée", "labo", "ergolab-sud.fr", "Ergolab Sud",
        "Technopôle de Château-Gombert, 13013 Marseille", "Provence-Alpes-Côte d'Azur"),
    Org("Plumea SAS", "editeur", "plumea.fr", "Plumea", "8 rue Bayard, 31000 Toulouse", "Occitanie"),
    Org("Association Parcours et Métiers d'Occitanie", "asso", "parcours-metiers-oc.org", "Parcours & Métiers",
        "21 rue Foch, 34000 Montpellier", "Occitanie"),
    Org("Syndicat CGT des personnels de l'hôtellerie-restauration de Savoie", "syndicat", "cgt-hcr73.fr", "CGT HCR 73",
        "77 rue Ducis, 73000 Chambéry", "Auvergne-Rhône-Alpes"),
    Org("Tisserand Conseil", "cabinet", "tisserand-conseil.fr", "Tisserand Conseil",
        "3 rue Jeanne d'Arc, 76000 Rouen", "Normandie"),
    Org("Institut régional du travail social de Normandie – pôle Recherche", "labo", "irts-normandie.fr",
        "IRTS Normandie", "11 rue Guillaume Lecointe, 14000 Caen", "Normandie"),
    Org("Lumen Analytics SAS", "editeur", "lumen-analytics.fr", "Lumen Analytics", "4 rue Thiers, 57000 Metz",
        "Grand Est"),
    Org("Association Cap Santé Travail Réunion", "asso", "capsante-travail.re", "Cap Santé Travail",
        "14 rue de Paris, 97400 Saint-Denis", "La Réunion"),
    Org("Consortium WorkLab Europe (Université libre de Bruxelles – Cnam)", "labo", "worklab-europe.eu",
        "WorkLab Europe", "Avenue Franklin Roosevelt 50, 1050 Bruxelles", "Île-de-France"),
    Org("Cabinet Nacelle", "cabinet", "nacelle-conseil.fr", "Nacelle", "6 rue Gambetta, 87000 Limoges",
        "Nouvelle-Aquitaine"),
    Org("Fédération départementale des centres sociaux de la Drôme", "asso", "centres-sociaux26.org",
        "Fédé centres sociaux 26", "10 rue Mirabel-Chambaud, 26000 Valence", "Auvergne-Rhône-Alpes"),
]
ORG_BY_LABEL = {o.label: o for o in ORGS}


@dataclass
class Theme:
    key: str
    sector: str            # "les cliniques privées"
    places: str            # "établissements" (plural)
    workers: str           # the people whose work changes
    workers_short: str
    managers: str
    tool: str              # the technology, long
    tool_short: str
    effect: str            # what the workers report, as a clause
    reps: str              # the staff representatives
    title: str
    acronym: str
    fact: str              # a figure from an earlier study, as a sentence
    employer_orgs: list = field(default_factory=list)  # pilot organisations that can be partners


THEMES = [
    Theme("brancardage", "les cliniques privées et les établissements de soins de suite", "établissements",
          "les brancardiers, les agents de service hospitalier et les aides-soignants", "les brancardiers",
          "les cadres de santé", "les applications de régulation du brancardage (smartphones, géolocalisation, "
          "affectation automatique des courses)", "la régulation numérique du brancardage",
          "les courses sont désormais attribuées par un algorithme et chronométrées, et les temps d'échange "
          "avec les équipes de soins ont presque disparu", "les élus des CSE",
          "Brancarder autrement : mettre en discussion la régulation numérique des courses en clinique",
          "BRANCARD'AGIR",
          "Une enquête flash conduite au printemps 2022 auprès de 212 agents de six cliniques montre que 58 % "
          "d'entre eux jugent leur charge de travail « moins prévisible » depuis l'arrivée de l'application.",
          ["Clinique du Parc Saint-Lazare", "Polyclinique des Trois Vallées"]),
    Theme("cuisine", "la restauration commerciale indépendante", "restaurants",
          "les cuisiniers, commis et serveurs", "les équipes de cuisine", "les chefs et gérants",
          "les plateformes de commande en ligne et les écrans de cuisine qui ordonnancent les préparations",
          "les écrans de commande", "le rythme des préparations est désormais dicté par les commandes des "
          "plateformes, qui s'ajoutent sans prévenir au service en salle", "les salariés et leurs délégués",
          "Le coup de feu numérique : organisation du travail en cuisine à l'heure des plateformes de commande",
          "COUP DE FEU",
          "Selon l'observatoire de la branche, un restaurant sur trois réalise en 2022 plus de 20 % de son chiffre "
          "d'affaires par des plateformes de livraison, contre un sur vingt en 2019.",
          ["Brasserie Le Lyonnais", "Groupement des restaurateurs du Vieux-Chambéry"]),
    Theme("relation_client", "les centres de relation client de petite taille", "centres",
          "les téléconseillers et superviseurs", "les téléconseillers", "les responsables de plateau",
          "les assistants conversationnels et les outils d'analyse automatique des appels",
          "l'analyse automatique des appels", "chaque appel est noté par un logiciel, les scripts se "
          "resserrent et les téléconseillers disent ne plus savoir ce qui est attendu d'eux",
          "les représentants du personnel", "L'écoute à l'écoute : outils d'analyse des appels et qualité du "
          "travail des téléconseillers", "À L'ÉCOUTE",
          "Dans une étude de 2021 portant sur 9 centres, le taux d'absentéisme a progressé de 3 points l'année "
          "du déploiement de l'analyse automatique des appels.",
          ["Allo Services Ouest", "Centre d'appels Armor Contact"]),
    Theme("biologie", "les laboratoires de biologie médicale de proximité", "laboratoires",
          "les techniciens de laboratoire et secrétaires médicales", "les techniciens",
          "les biologistes responsables", "les chaînes d'automates et les logiciels intermédiaires (middleware) "
          "qui valident les analyses", "l'automatisation des plateaux techniques",
          "les techniciens surveillent désormais des machines plus qu'ils ne réalisent d'analyses, avec des "
          "horaires étendus et des astreintes nouvelles", "les élus du personnel",
          "Automates et métiers du laboratoire : construire ensemble l'organisation des plateaux techniques",
          "LABO EN DIALOGUE",
          "Entre 2018 et 2022, le nombre de sites de biologie de la région a diminué de 18 % tandis que les "
          "volumes d'analyses traités par site ont doublé.",
          ["Laboratoire Bio-Cévennes", "Biolab Garonne"]),
    Theme("imprimerie", "les imprimeries de labeur", "imprimeries",
          "les conducteurs de presse, opérateurs prépresse et façonniers", "les conducteurs de presse",
          "les chefs d'atelier", "les flux de production numériques (web-to-print, imposition automatique, "
          "pilotage des presses par logiciel)", "le web-to-print",
          "les commandes arrivent directement des sites marchands, en petites séries, et l'atelier perd la main "
          "sur l'enchaînement des travaux", "les délégués du personnel",
          "Presse et clic : le dialogue social face à l'automatisation des flux dans les imprimeries",
          "PRESSE & CLIC",
          "La branche a perdu 30 % de ses effectifs en dix ans ; les entreprises qui restent ont presque toutes "
          "ouvert une boutique en ligne entre 2019 et 2022.",
          ["Imprimerie Vallée SARL", "Atelier graphique Rougier"]),
    Theme("hotellerie", "l'hôtellerie indépendante et les résidences de tourisme", "hôtels",
          "les femmes et valets de chambre, gouvernantes et réceptionnistes", "les femmes de chambre",
          "les gouvernantes générales", "les logiciels de gestion hôtelière et les applications d'attribution "
          "des chambres sur smartphone", "l'attribution des chambres par application",
          "le nombre de chambres à faire est fixé par l'application, sans tenir compte des départs tardifs ni "
          "de l'état réel des chambres", "les élus et délégués syndicaux",
          "Chambre à part : co-construire les usages des applications de gestion des étages", "CHAMBRE À PART",
          "Lors de la saison 2022, 41 % des saisonniers interrogés dans le département déclaraient des douleurs "
          "liées à la cadence, contre 29 % en 2018.",
          ["Hôtel des Cimes", "Résidence Les Balcons du Lac"]),
    Theme("garages", "les garages et ateliers de réparation automobile indépendants", "garages",
          "les mécaniciens, carrossiers et réceptionnaires", "les mécaniciens", "les chefs d'atelier",
          "les outils de diagnostic électronique, les logiciels constructeurs et la prise de rendez-vous en ligne",
          "le diagnostic électronique", "les mécaniciens passent une part croissante de leur journée devant un "
          "écran et dépendent de procédures constructeurs qu'ils ne maîtrisent pas", "les salariés",
          "Mécanique des écrans : diagnostic numérique et transmission des savoir-faire dans les garages",
          "MÉCA-ÉCRANS",
          "D'après la chambre syndicale, 70 % des interventions d'un garage indépendant commencent aujourd'hui "
          "par une lecture de calculateur.",
          ["Garage Lemoine & Fils", "Carrosserie du Minervois"]),
    Theme("officine", "les pharmacies d'officine", "officines",
          "les préparateurs et préparatrices en pharmacie", "les préparateurs", "les pharmaciens titulaires",
          "les robots de dispensation, la télétransmission et les commandes en ligne",
          "les robots de dispensation", "le comptoir se transforme : moins de manutention mais plus de "
          "sollicitations simultanées, au comptoir, au téléphone et sur les plateformes", "les salariés",
          "Comptoirs connectés : dialogue professionnel et robotisation dans les officines",
          "COMPTOIRS CONNECTÉS",
          "Une officine sur quatre du département s'est équipée d'un robot entre 2019 et 2022.",
          ["Pharmacie du Marché", "Pharmacie des Remparts"]),
    Theme("ambulances", "les entreprises de transport sanitaire", "entreprises",
          "les ambulanciers et auxiliaires ambulanciers", "les ambulanciers", "les régulateurs et gérants",
          "les tablettes embarquées, la géolocalisation des véhicules et les plateformes de commande de transports",
          "les tablettes embarquées", "les équipages sont suivis en continu et reçoivent leurs missions en temps "
          "réel, ce qui bouleverse la prévisibilité des journées et les pauses", "les représentants du personnel",
          "Sirène et tablette : l'organisation du travail des équipages face à la régulation numérique",
          "SIRÈNE & TABLETTE",
          "Le syndicat professionnel estime que 60 % des entreprises du secteur utilisent une régulation "
          "géolocalisée depuis 2021.",
          ["Ambulances du Val de Sèvre", "Taxis-Ambulances Mellois"]),
    Theme("insertion", "les structures de l'insertion par l'activité économique", "structures",
          "les conseillers en insertion et encadrants techniques", "les conseillers en insertion",
          "les directions des structures", "les logiciels de suivi des parcours et de reporting aux financeurs",
          "les logiciels de suivi des parcours", "les conseillers consacrent jusqu'à un tiers de leur temps à la "
          "saisie, au détriment de l'accompagnement des personnes", "les représentants du personnel",
          "Saisir sans s'y perdre : les outils de suivi des parcours dans l'insertion par l'activité économique",
          "SAISIR SANS S'Y PERDRE",
          "Une enquête réalisée fin 2021 auprès de 96 salariés permanents montre que 7 sur 10 remplissent au moins "
          "trois outils de suivi différents.",
          ["Chantier d'insertion Les Jardins du Mellois", "Entreprise d'insertion Recyclo"]),
    Theme("securite", "la sécurité privée", "entreprises",
          "les agents de sécurité et chefs de poste", "les agents de sécurité", "les responsables d'exploitation",
          "les rondes connectées, les dispositifs de protection du travailleur isolé et la main courante "
          "électronique", "les rondes connectées", "chaque passage est horodaté et contrôlé, et le dispositif de "
          "protection des agents isolés devient aussi un outil de surveillance", "les élus des CSE",
          "Rondes et regards : associer les agents à l'usage des outils de contrôle dans la sécurité privée",
          "RONDES & REGARDS",
          "Selon l'observatoire des métiers, 80 % des entreprises de plus de 20 salariés ont équipé leurs agents "
          "d'un terminal de ronde.",
          ["Sécurité Alpine Services", "Groupe Vigilis Isère"]),
    Theme("espaces_verts", "les entreprises du paysage", "entreprises",
          "les jardiniers paysagistes et chefs d'équipe", "les jardiniers", "les conducteurs de travaux",
          "les applications de planification des chantiers, la géolocalisation des véhicules et les badgeuses "
          "mobiles", "la planification mobile", "les équipes reçoivent leur planning la veille au soir sur "
          "smartphone et les temps de trajet sont comptés à la minute", "les salariés et leurs représentants",
          "Planter le décor : le dialogue professionnel autour des outils de planification dans le paysage",
          "PLANTER LE DÉCOR",
          "Une étude de l'observatoire de la branche (2021) montre que 45 % des entreprises ont adopté une "
          "application de pointage mobile en deux ans.",
          ["Jardins du Bocage SARL", "Paysages Lecomte"]),
    Theme("maisons_sante", "les maisons de santé pluriprofessionnelles", "maisons de santé",
          "les secrétaires médicales, coordinatrices et professionnels de santé", "les secrétaires médicales",
          "les coordinateurs", "les logiciels partagés, la prise de rendez-vous en ligne et la téléconsultation",
          "la prise de rendez-vous en ligne", "l'accueil téléphonique a fondu mais les secrétaires gèrent des "
          "flux multiples et les patients qui ne trouvent pas de créneau", "les salariés",
          "Accueillir à l'ère des agendas en ligne : le travail des secrétariats des maisons de santé",
          "AGENDAS PARTAGÉS",
          "Dans le département, 31 des 40 maisons de santé utilisent un agenda en ligne ; aucune n'a consulté "
          "ses secrétaires avant de le choisir.",
          ["Maison de santé du Haut-Agenais", "Pôle santé de Fumel"]),
    Theme("collecte", "la collecte des déchets", "entreprises",
          "les ripeurs et chauffeurs de bennes", "les équipages de collecte", "les chefs de secteur",
          "l'optimisation des tournées, les caméras embarquées et les puces d'identification des bacs",
          "l'optimisation des tournées", "les tournées sont recalculées chaque semaine par le logiciel, le "
          "« fini-parti » est remis en cause et les équipages se sentent surveillés", "les élus des CSE",
          "Tournées à discuter : l'optimisation numérique de la collecte et le travail des équipages",
          "TOURNÉES À DISCUTER",
          "Depuis 2020, les accidents du travail déclarés dans la collecte ont augmenté de 12 % dans la région.",
          ["Collecte Services Picardie", "Régie de collecte de l'Amiénois"]),
]
THEME_BY_KEY = {t.key: t for t in THEMES}

# Partners as applicants cite them: (name, kind). Contributions come from texts.py.
PARTNER_POOL = {
    "aract": ["Aract Bretagne", "Aract Hauts-de-France", "Aract Nouvelle-Aquitaine", "Aract Occitanie",
              "Aract Auvergne-Rhône-Alpes", "Aract Normandie", "Aract Centre-Val de Loire", "Aract Grand Est",
              "Aract Pays de la Loire", "Aract Bourgogne-Franche-Comté"],
    "union": ["Union départementale CGT de la Vienne", "CFDT Santé-Sociaux de Loire-Atlantique",
              "Union régionale Solidaires Occitanie", "FO Commerce et VRP du Nord", "UNSA Territoriaux de l'Aude",
              "Union locale CGT de Villeneuve-sur-Lot", "CFTC Santé Sociaux Bretagne"],
    "employer": ["CPME de la Somme", "U2P Normandie", "Union des métiers et des industries de l'hôtellerie de Savoie",
                 "Fédération régionale des transports sanitaires", "Chambre syndicale de l'imprimerie du Grand Est",
                 "Union nationale des entreprises du paysage – délégation Normandie",
                 "Syndicat des biologistes d'Occitanie", "Fédération des entreprises d'insertion Nouvelle-Aquitaine"],
    "lab": ["Laboratoire CRISTAL-Travail (Université de Lorraine)", "Chaire Santé et Organisation (ESSCA)",
            "Centre de recherche sur le travail et le développement (Cnam)", "IRES",
            "Laboratoire Ergonomie & Société (Université de Bordeaux)"],
    "opco": ["OPCO EP", "Akto", "Uniformation", "OPCO Santé", "Constructys"],
    "prevention": ["Carsat Bretagne", "Carsat Centre-Ouest", "MSA Midi-Pyrénées Sud", "Service de prévention et de "
                   "santé au travail du Loiret (SPST 45)", "AST Grand Lyon"],
    "design": ["Studio Cocotte (design de services)", "Collectif Ouvre-Boîte (facilitation graphique)",
               "La Fabrique à Récits (SCOP)"],
    "public": ["Dreets Occitanie", "Conseil départemental de la Drôme", "Mairie de Villeneuve-sur-Lot",
               "Région Normandie – direction de l'économie"],
}


DEPARTMENTS = {"67": ("du Bas-Rhin", "Bas-Rhin"), "45": ("du Loiret", "Loiret"), "33": ("de la Gironde", "Gironde"),
               "44": ("de Loire-Atlantique", "Loire-Atlantique"), "37": ("d'Indre-et-Loire", "Indre-et-Loire"),
               "69": ("du Rhône", "Rhône"), "68": ("du Haut-Rhin", "Haut-Rhin"), "87": ("de la Haute-Vienne",
                                                                                    "Haute-Vienne"),
               "80": ("de la Somme", "Somme"), "15": ("du Cantal", "Cantal"), "59": ("du Nord", "Nord"),
               "21": ("de la Côte-d'Or", "Côte-d'Or"), "35": ("d'Ille-et-Vilaine", "Ille-et-Vilaine"),
               "31": ("de la Haute-Garonne", "Haute-Garonne"), "38": ("de l'Isère", "Isère"),
               "76": ("de la Seine-Maritime", "Seine-Maritime"), "72": ("de la Sarthe", "Sarthe"),
               "47": ("de Lot-et-Garonne", "Lot-et-Garonne"), "86": ("de la Vienne", "Vienne"),
               "11": ("de l'Aude", "Aude"), "75": ("de Paris", "Paris"), "56": ("du Morbihan", "Morbihan"),
               "13": ("des Bouches-du-Rhône", "Bouches-du-Rhône"), "79": ("des Deux-Sèvres", "Deux-Sèvres"),
               "34": ("de l'Hérault", "Hérault"), "73": ("de la Savoie", "Savoie"), "14": ("du Calvados", "Calvados"),
               "57": ("de la Moselle", "Moselle"), "97": ("de La Réunion", "La Réunion"), "10": ("de Bruxelles",
                                                                                             "Bruxelles"),
               "26": ("de la Drôme", "Drôme")}
CARSAT = {"Grand Est": "Carsat Alsace-Moselle", "Centre-Val de Loire": "Carsat Centre-Val de Loire",
          "Nouvelle-Aquitaine": "Carsat Centre-Ouest", "Pays de la Loire": "Carsat Pays de la Loire",
          "Auvergne-Rhône-Alpes": "Carsat Rhône-Alpes", "Hauts-de-France": "Carsat Hauts-de-France",
          "Bourgogne-Franche-Comté": "Carsat Bourgogne-Franche-Comté", "Bretagne": "Carsat Bretagne",
          "Occitanie": "Carsat Midi-Pyrénées", "Normandie": "Carsat Normandie", "Île-de-France": "Cramif",
          "Provence-Alpes-Côte d'Azur": "Carsat Sud-Est", "La Réunion": "CGSS de La Réunion"}
CONFEDERATIONS = ["CGT", "CFDT", "FO", "CFE-CGC", "CFTC", "UNSA"]


def department(org: Org) -> tuple[str, str]:
    code = org.address.rsplit(", ", 1)[-1][:2]
    return DEPARTMENTS.get(code, ("du territoire", org.region))


def regional_partner(rng: random.Random, kind: str, org: Org) -> str:
    de, dept = department(org)
    region = org.region
    if kind == "union":
        conf = rng.choice([c for c in CONFEDERATIONS if c not in org.name])
        return rng.choice([f"Union départementale {conf} {de}", f"Union régionale {conf} {region}",
                           f"Union locale {conf} de {org.address.rsplit(' ', 1)[-1]}"])
    if kind == "employer":
        return rng.choice([f"CPME {dept}", f"U2P {region}", f"Medef {dept}"])
    if kind == "prevention":
        return rng.choice([CARSAT.get(region, "Carsat"), f"Service de prévention et de santé au travail {de}"])
    if kind == "public":
        return rng.choice([f"Dreets {region}", f"Conseil départemental {de}", f"Région {region}"])
    return rng.choice(PARTNER_POOL[kind])


def pick_partners(rng: random.Random, theme: Theme, org: Org, n: int) -> list[tuple[str, str]]:
    """n distinct partners (name, kind) of the applicant's region, often its Aract first."""
    out: list[tuple[str, str]] = []
    if org.region in ARACT_REGIONS and rng.random() < 0.7:
        out.append((f"Aract {org.region}", "aract"))
    kinds = ["union", "employer", "lab", "opco", "prevention", "design", "public", "pilot"]
    rng.shuffle(kinds)
    for k in kinds:
        if len(out) >= n:
            break
        if k == "pilot":
            for name in theme.employer_orgs:
                if len(out) < n and rng.random() < 0.7:
                    out.append((name, "pilot"))
            continue
        name = regional_partner(rng, k, org)
        if name != org.name and all(name != o[0] for o in out):
            out.append((name, k))
    return out[:n]


ARACT_REGIONS = {"Bretagne", "Hauts-de-France", "Nouvelle-Aquitaine", "Occitanie", "Auvergne-Rhône-Alpes",
                 "Normandie", "Centre-Val de Loire", "Grand Est", "Pays de la Loire", "Bourgogne-Franche-Comté",
                 "Île-de-France", "Provence-Alpes-Côte d'Azur", "La Réunion"}


# ----------------------------------------------------------------------------- money
@dataclass(frozen=True)
class Money:
    """How one applicant writes amounts: thousands separator, decimals, currency mark."""
    sep: str = "\u00a0"
    decimals: int = 0
    mark: str = " €"       # " €", "€", " euros", " EUR", " € HT", "EUR " (prefix when it ends with a space)
    dec_sep: str = ","

    def __call__(self, amount: float) -> str:
        whole = int(round(amount * 100)) // 100
        cents = int(round(amount * 100)) % 100
        digits = f"{whole:d}"
        groups = []
        while len(digits) > 3:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        groups.insert(0, digits)
        s = self.sep.join(groups)
        if self.decimals:
            s += f"{self.dec_sep}{cents:02d}"
        if self.mark.startswith("EUR "):
            return self.mark + s
        return s + self.mark

    def bare(self, amount: float) -> str:
        return Money(self.sep, self.decimals, "", self.dec_sep)(amount)


def kilo(amount: float, mark: str = " k€", dec: str = ",") -> str:
    k = amount / 1000
    s = f"{k:.1f}" if abs(k * 10 - round(k * 10)) < 1e-9 and abs(k - round(k)) > 1e-9 else f"{k:.0f}"
    if abs(k * 10 - round(k * 10)) > 1e-9:
        s = f"{k:.2f}"
    return s.replace(".", dec) + mark


MONEY_STYLES = [Money(), Money(" "), Money("."), Money("\u202f"), Money("", mark=" €"), Money(" ", 2),
                Money("\u00a0", 2, "\u00a0€"), Money(" ", mark=" euros"), Money(" ", mark=" EUR"),
                Money("\u00a0", mark="\u00a0€ HT"), Money(" ", mark="EUR "), Money(".", 2, " €")]

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
MONTHS_ABBR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]


def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def month_name(y: int, m: int, style: str = "long") -> str:
    if style == "abbr":
        return f"{MONTHS_ABBR[m - 1]} {y}"
    if style == "num":
        return f"{m:02d}/{y}"
    if style == "en":
        return f"{MONTHS_EN[m - 1]} {y}"
    return f"{MONTHS[m - 1]} {y}"
