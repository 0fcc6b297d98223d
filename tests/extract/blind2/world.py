"""Who answers the call: regions, sectors and their technologies, applicant organisations, people,
and the partners they bring with what they commit to. All names of firms, labs and associations
are invented; public bodies (Aract, unions, OPCO, Carsat) are named as they name themselves."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

FIRST_F = ["Claire", "Sandrine", "Maëlle", "Hélène", "Nadia", "Solène", "Agnès", "Fatou", "Bérénice",
           "Lucie", "Anne-Sophie", "Karima", "Ségolène", "Virginie", "Marion", "Élodie", "Yasmina",
           "Gwenaëlle", "Isabelle", "Chloé", "Françoise", "Laëtitia", "Manon", "Noémie"]
FIRST_M = ["Thibault", "Yannick", "Olivier", "Mehdi", "Grégoire", "Loïc", "François-Xavier", "Bruno",
           "Samir", "Jean-Marc", "Erwan", "Damien", "Rémi", "Cédric", "Stéphane", "Hugo", "Armand",
           "Benoît", "Joël", "Karim", "Laurent", "Matthieu", "Pascal", "Tristan"]
LAST = ["Le Bihan", "Marchetti", "Rouxel", "Benhamou", "Delorme", "Ferrand", "Kerjean", "Villeneuve",
        "Tessier", "Bouaziz", "Guillot", "Lemaître", "Caradec", "Poirier", "Hoarau", "Sauvage",
        "Morvan", "Charpentier", "Da Silva", "Nguyen", "Boulanger", "Esnault", "Perrin", "Lacombe",
        "Fabre", "Ould Ahmed", "Rigaud", "Coste", "Berthelot", "Ménard", "Jacquemin", "Rolland",
        "Tanguy", "Vidal", "Aubert", "Carré", "Lefebvre", "Moulin", "Schmitt", "Baudry"]


@dataclass(frozen=True)
class Region:
    name: str
    aract: str
    prep: str  # "en Bretagne"
    de: str  # "de Bretagne"
    cities: tuple[str, ...]
    depts: tuple[tuple[str, str], ...]  # (name with article-aware "du/de la/des" form, number)


REGIONS = [
    Region("Bretagne", "Aract Bretagne", "en Bretagne", "de Bretagne", ("Rennes", "Lorient", "Saint-Brieuc", "Quimper"),
           (("d'Ille-et-Vilaine", "35"), ("du Morbihan", "56"), ("des Côtes-d'Armor", "22"), ("du Finistère", "29"))),
    Region("Normandie", "Aract Normandie", "en Normandie", "de Normandie", ("Caen", "Rouen", "Évreux", "Cherbourg-en-Cotentin"),
           (("du Calvados", "14"), ("de la Seine-Maritime", "76"), ("de l'Eure", "27"), ("de la Manche", "50"))),
    Region("Hauts-de-France", "Aract Hauts-de-France", "dans les Hauts-de-France", "des Hauts-de-France",
           ("Lille", "Amiens", "Arras", "Dunkerque"), (("du Nord", "59"), ("de la Somme", "80"), ("du Pas-de-Calais", "62"))),
    Region("Grand Est", "Aract Grand Est", "dans le Grand Est", "du Grand Est", ("Metz", "Reims", "Mulhouse", "Épinal"),
           (("de la Moselle", "57"), ("de la Marne", "51"), ("du Haut-Rhin", "68"), ("des Vosges", "88"))),
    Region("Bourgogne-Franche-Comté", "Aract Bourgogne-Franche-Comté", "en Bourgogne-Franche-Comté",
           "de Bourgogne-Franche-Comté", ("Dijon", "Besançon", "Chalon-sur-Saône", "Belfort"),
           (("de la Côte-d'Or", "21"), ("du Doubs", "25"), ("de Saône-et-Loire", "71"))),
    Region("Centre-Val de Loire", "Aract Centre-Val de Loire", "en Centre-Val de Loire", "du Centre-Val de Loire",
           ("Orléans", "Tours", "Bourges", "Chartres"), (("du Loiret", "45"), ("d'Indre-et-Loire", "37"), ("du Cher", "18"))),
    Region("Pays de la Loire", "Aract Pays de la Loire", "dans les Pays de la Loire", "des Pays de la Loire",
           ("Nantes", "Angers", "Le Mans", "La Roche-sur-Yon"), (("de Loire-Atlantique", "44"), ("de Maine-et-Loire", "49"), ("de la Sarthe", "72"))),
    Region("Nouvelle-Aquitaine", "Aract Nouvelle-Aquitaine", "en Nouvelle-Aquitaine", "de Nouvelle-Aquitaine",
           ("Bordeaux", "Limoges", "Poitiers", "Pau"), (("de la Gironde", "33"), ("de la Haute-Vienne", "87"), ("de la Vienne", "86"))),
    Region("Occitanie", "Aract Occitanie", "en Occitanie", "d'Occitanie", ("Toulouse", "Montpellier", "Nîmes", "Albi"),
           (("de la Haute-Garonne", "31"), ("de l'Hérault", "34"), ("du Gard", "30"), ("du Tarn", "81"))),
    Region("Auvergne-Rhône-Alpes", "Aract Auvergne-Rhône-Alpes", "en Auvergne-Rhône-Alpes", "d'Auvergne-Rhône-Alpes",
           ("Lyon", "Clermont-Ferrand", "Grenoble", "Saint-Étienne"), (("du Rhône", "69"), ("du Puy-de-Dôme", "63"), ("de l'Isère", "38"), ("de la Loire", "42"))),
    Region("Provence-Alpes-Côte d'Azur", "Aract Provence-Alpes-Côte d'Azur", "en Provence-Alpes-Côte d'Azur",
           "de Provence-Alpes-Côte d'Azur", ("Marseille", "Avignon", "Toulon", "Nice"),
           (("des Bouches-du-Rhône", "13"), ("du Vaucluse", "84"), ("du Var", "83"))),
    Region("Île-de-France", "Aract Île-de-France", "en Île-de-France", "d'Île-de-France", ("Paris", "Montreuil", "Créteil", "Cergy"),
           (("de Seine-Saint-Denis", "93"), ("du Val-de-Marne", "94"), ("du Val-d'Oise", "95"))),
]


@dataclass(frozen=True)
class Theme:
    key: str
    sector: str  # "l'aide à domicile"
    sector_de: str  # "de l'aide à domicile"
    workers: str  # "les intervenantes à domicile"
    workers_de: str
    managers: str  # "les responsables de secteur"
    structures: str  # plural noun, no article: "services d'aide à domicile"
    tech: str  # "les outils de télégestion"
    tech_de: str
    tech_short: str  # "la télégestion"
    activity: str  # "l'organisation des tournées"
    issue: str  # what worries people about work
    opco: str
    branch: str  # employers' body of the sector (invented or generic)
    pilots: tuple[str, ...]  # invented pilot firms
    vendor: str  # invented software vendor


THEMES = [
    Theme("domicile", "l'aide à domicile", "de l'aide à domicile", "les intervenantes à domicile", "des intervenantes à domicile",
          "les responsables de secteur", "services d'aide et d'accompagnement à domicile", "les applications de télégestion et de planification des interventions",
          "des applications de télégestion et de planification des interventions", "la télégestion", "l'organisation des tournées",
          "le morcellement des journées et le contrôle minuté des interventions", "Uniformation – OPCO Cohésion sociale",
          "Fédération des services à la personne", ("SAAD Les Hortensias", "Aidadom", "Présence Seniors Services"), "Tournéo"),
    Theme("entrepot", "la logistique", "de la logistique", "les préparateurs et préparatrices de commandes", "des préparateurs de commandes",
          "les chefs d'équipe", "entrepôts et plateformes logistiques", "les systèmes de gestion d'entrepôt et la préparation guidée par terminal",
          "des systèmes de gestion d'entrepôt et de la préparation guidée par terminal", "la préparation guidée", "la préparation des commandes",
          "la cadence imposée par le système et la disparition des marges de manœuvre", "OPCO Mobilités",
          "Union des entreprises de transport et logistique", ("Entrepôts Vasseur", "Logiroute", "Stockalis"), "WaveStock"),
    Theme("chantier", "le bâtiment", "du bâtiment", "les compagnons et chefs de chantier", "des compagnons",
          "les conducteurs de travaux", "entreprises du bâtiment", "les tablettes de chantier et la maquette numérique",
          "des tablettes de chantier et de la maquette numérique", "la maquette numérique", "la préparation et le suivi des chantiers",
          "la multiplication des saisies et la perte du savoir-faire de terrain", "Constructys",
          "Fédération départementale du bâtiment", ("Maçonnerie Perrotin", "Bâti-Concept", "Charpentes du Val"), "Chantilog"),
    Theme("hopital", "l'hôpital", "de l'hôpital", "les soignants et secrétaires médicales", "des soignants",
          "les cadres de santé", "établissements de santé", "le dossier patient informatisé et les logiciels de gestion des lits",
          "du dossier patient informatisé et des logiciels de gestion des lits", "le dossier patient informatisé", "la coordination des soins",
          "le temps passé devant l'écran au détriment du soin", "OPCO Santé", "Fédération hospitalière régionale",
          ("Clinique du Parc", "Centre hospitalier de la Vallée", "Polyclinique Saint-Roch"), "Medilink"),
    Theme("collectivite", "les collectivités territoriales", "des collectivités territoriales", "les agents d'accueil et gestionnaires",
          "des agents d'accueil", "les encadrants de proximité", "communes et intercommunalités",
          "les guichets numériques et les outils de gestion de la relation usager", "des guichets numériques et des outils de gestion de la relation usager",
          "la dématérialisation des démarches", "l'accueil des usagers", "la perte de sens face à des usagers qui ne trouvent plus d'interlocuteur",
          "CNFPT", "Association des maires du département", ("Mairie de Saint-Aubin", "Communauté de communes du Val d'Oust", "Ville de Pontcarré"), "Citizio"),
    Theme("agroali", "l'industrie agroalimentaire", "de l'industrie agroalimentaire", "les conducteurs de ligne et techniciens de maintenance",
          "des conducteurs de ligne", "les responsables de production", "PME agroalimentaires",
          "les capteurs connectés et les outils de maintenance prédictive", "des capteurs connectés et des outils de maintenance prédictive",
          "la maintenance prédictive", "la conduite des lignes", "la traçabilité permanente des gestes et l'astreinte aux alertes",
          "OCAPIAT", "Association régionale des industries alimentaires", ("Conserverie Le Goff", "Biscuiterie Maillard", "Salaisons du Haut-Pays"), "Sensoria"),
    Theme("banque", "la banque et l'assurance", "de la banque et de l'assurance", "les conseillers clientèle", "des conseillers clientèle",
          "les directeurs d'agence", "agences et plateformes de gestion", "les assistants conversationnels et les outils d'aide à la décision",
          "des assistants conversationnels et des outils d'aide à la décision", "l'aide à la décision automatisée", "la relation avec les clients",
          "la perte de maîtrise des dossiers et la standardisation des échanges", "OPCO Atlas", "Comité régional des banques",
          ("Mutuelle du Littoral", "Caisse solidaire des artisans", "Assurances Ferréol"), "Conversia"),
    Theme("commerce", "le commerce de détail", "du commerce de détail", "les employés de rayon et de caisse", "des employés de rayon",
          "les managers de magasin", "magasins indépendants", "les caisses automatiques et les applications de gestion des stocks",
          "des caisses automatiques et des applications de gestion des stocks", "l'automatisation des caisses", "la tenue des rayons",
          "l'isolement des salariés et la surveillance continue des écarts de stock", "L'Opcommerce", "Fédération du commerce indépendant",
          ("Supérette du Marché", "Maison Coulon", "Jardinerie des Trois Ponts"), "Stockeo"),
    Theme("voyageurs", "le transport urbain de voyageurs", "du transport urbain de voyageurs", "les conducteurs de bus et de tramway",
          "des conducteurs", "les agents de maîtrise", "réseaux de transport urbain",
          "les systèmes d'aide à l'exploitation et la billettique embarquée", "des systèmes d'aide à l'exploitation et de la billettique embarquée",
          "le système d'aide à l'exploitation", "la régulation du trafic", "la géolocalisation permanente et la pression des retards affichés en temps réel",
          "OPCO Mobilités", "Union des transports publics", ("Régie des transports du Pays de Caux", "Bus Azur", "TransAgglo"), "Regulo"),
    Theme("relation", "les centres de relation client", "des centres de relation client", "les téléconseillers", "des téléconseillers",
          "les superviseurs", "centres de contacts", "les outils de supervision en temps réel et les scripts d'appel",
          "des outils de supervision en temps réel et des scripts d'appel", "la supervision en temps réel", "le traitement des appels",
          "l'écoute permanente et l'impossibilité de sortir du script", "Akto", "Syndicat des centres de contacts",
          ("Contact Ouest Services", "Allo Qualité", "Phonalis"), "Callmetrics"),
    Theme("proprete", "la propreté", "de la propreté", "les agents de propreté", "des agents de propreté", "les chefs d'équipe",
          "entreprises de propreté", "les badgeuses géolocalisées et les applications de contrôle qualité",
          "des badgeuses géolocalisées et des applications de contrôle qualité", "le contrôle qualité par application", "l'organisation des prestations",
          "le sentiment d'être surveillé et la pression sur les temps alloués", "Akto", "Fédération des entreprises de propreté",
          ("Net Services", "Clair Horizon Propreté", "Brillance Pro"), "Qualinet"),
    Theme("ehpad", "les EHPAD", "des EHPAD", "les aides-soignantes et agents de service", "des aides-soignantes",
          "les infirmières coordinatrices", "établissements d'hébergement pour personnes âgées",
          "les transmissions numériques et les capteurs de chute", "des transmissions numériques et des capteurs de chute",
          "les transmissions numériques", "l'accompagnement des résidents", "le temps de saisie pris sur la relation avec les résidents",
          "OPCO Santé", "Union des établissements médico-sociaux", ("EHPAD Les Glycines", "Résidence du Moulin", "EHPAD Saint-Joseph"), "Transmed"),
    Theme("compta", "les cabinets d'expertise comptable", "des cabinets d'expertise comptable", "les collaborateurs comptables",
          "des collaborateurs comptables", "les chefs de mission", "cabinets comptables",
          "la reconnaissance automatique des pièces et la saisie assistée", "de la reconnaissance automatique des pièces et de la saisie assistée",
          "la saisie automatisée", "la tenue des dossiers clients", "l'appauvrissement des tâches et la perte de la relation avec les clients",
          "OPCO Atlas", "Ordre régional des experts-comptables", ("Cabinet Audit Conseil Loire", "Fiducial de l'Ouest", "Expertises Rigaud"), "Scanora"),
    Theme("imprimerie", "les arts graphiques", "des arts graphiques", "les opérateurs PAO et conducteurs de presse", "des conducteurs de presse",
          "les chefs d'atelier", "imprimeries", "les flux de production numériques et les plateformes de commande en ligne",
          "des flux de production numériques et des plateformes de commande en ligne", "la commande en ligne", "la fabrication",
          "l'urgence permanente et la dépendance à des délais fixés par la plateforme", "OPCO 2i", "Union nationale des industries de l'impression",
          ("Imprimerie Moderne de l'Ouest", "Atelier Graphique Barbier", "Reprographie du Centre"), "Printflow"),
]


@dataclass(frozen=True)
class Org:
    name: str
    short: str
    domain: str
    kind: str  # cabinet | asso | labo | vendor | coop | collectivite | groupement | sante | syndicat | spst | thinktank
    we: str  # "notre cabinet", "notre association"...
    titles: tuple[str, ...]
    legal: str = ""


ORGS = [
    Org("Tessiture Conseil", "Tessiture", "tessiture-conseil.fr", "cabinet", "notre cabinet", ("Consultante associée", "Gérant", "Consultant senior")),
    Org("Boussole Travail & Organisation", "Boussole", "boussole-to.fr", "cabinet", "notre cabinet", ("Directrice associée", "Consultant")),
    Org("Atelier Kairn", "Kairn", "kairn.fr", "cabinet", "notre équipe", ("Fondatrice", "Ergonome consultant")),
    Org("Prisme Organisation SARL", "Prisme Organisation", "prisme-organisation.com", "cabinet", "notre cabinet", ("Gérante", "Chargé d'études")),
    Org("Orée RH", "Orée RH", "oree-rh.fr", "cabinet", "notre cabinet", ("Consultante", "Directeur")),
    Org("Lignes de Travail", "Lignes de Travail", "lignesdetravail.fr", "cabinet", "notre cabinet", ("Ergonome européenne", "Associé")),
    Org("Collectif Pivot", "Pivot", "collectifpivot.org", "asso", "notre association", ("Coordinatrice", "Président")),
    Org("Association Travail et Numérique en Territoires", "ATNT", "atnt-asso.fr", "asso", "l'association", ("Déléguée générale", "Chargé de mission")),
    Org("Les Ateliers du Lien", "Ateliers du Lien", "ateliersdulien.org", "asso", "notre association", ("Directrice", "Chargé de projets")),
    Org("Association Oïkos Emploi", "Oïkos", "oikos-emploi.fr", "asso", "notre association", ("Responsable de projets", "Directeur")),
    Org("Laboratoire Travail, Techniques et Sociétés (LTTS)", "LTTS", "univ-tours.fr", "labo", "notre laboratoire",
        ("Maîtresse de conférences en ergonomie", "Professeur des universités", "Ingénieure de recherche")),
    Org("Centre de recherche en ergonomie et organisation (CREO)", "CREO", "univ-lorraine.fr", "labo", "notre équipe de recherche",
        ("Maître de conférences", "Chercheuse")),
    Org("Équipe Activité, Numérique, Travail (ANT) – IUT de Lannion", "ANT", "univ-rennes.fr", "labo", "notre équipe",
        ("Enseignant-chercheur", "Maîtresse de conférences")),
    Org("Institut d'études du travail de Lyon – Chaire Numérique et Organisations", "Chaire NumOrg", "univ-lyon2.fr", "labo",
        "la chaire", ("Titulaire de la chaire", "Post-doctorant")),
    Org("Planora SAS", "Planora", "planora.io", "vendor", "notre entreprise", ("Présidente", "Responsable produit")),
    Org("Kalipso Software", "Kalipso", "kalipso-software.com", "vendor", "notre société", ("CEO", "Head of Customer Success")),
    Org("Dokéo", "Dokéo", "dokeo.fr", "vendor", "notre société", ("Directeur général", "Cheffe de projet déploiement")),
    Org("Quaréo Solutions", "Quaréo", "quareo-solutions.fr", "vendor", "notre entreprise", ("Directrice des opérations", "Responsable accompagnement")),
    Org("SCOP Fil Rouge", "Fil Rouge", "scop-filrouge.coop", "coop", "notre coopérative", ("Co-gérante", "Associé salarié")),
    Org("SCIC Tiers-Lieu des Capucins", "Tiers-Lieu des Capucins", "capucins.coop", "coop", "la SCIC", ("Directrice", "Animateur")),
    Org("Coopérative d'activités et d'emploi Ozon", "CAE Ozon", "cae-ozon.coop", "coop", "notre coopérative", ("Entrepreneure salariée", "Gérant")),
    Org("Communauté de communes des Coteaux du Lizon", "CC Coteaux du Lizon", "coteaux-lizon.fr", "collectivite", "notre collectivité",
        ("Directrice générale des services", "Chef du service ressources humaines")),
    Org("Centre de gestion de la fonction publique territoriale", "CDG", "cdg-fpt.fr", "collectivite", "le centre de gestion",
        ("Responsable du pôle santé au travail", "Directeur adjoint")),
    Org("Groupement d'employeurs Agri-Services", "GE Agri-Services", "ge-agriservices.fr", "groupement", "notre groupement",
        ("Directrice", "Chargé de développement")),
    Org("GEIQ Industrie Vallée", "GEIQ Industrie Vallée", "geiq-industrievallee.fr", "groupement", "notre GEIQ", ("Directeur", "Chargée d'accompagnement")),
    Org("Association Les Tilleuls – EHPAD et services à domicile", "Les Tilleuls", "lestilleuls-asso.fr", "sante", "notre association",
        ("Directrice", "Responsable qualité")),
    Org("Centre hospitalier intercommunal des Deux-Vallées", "CHI des Deux-Vallées", "chi-deuxvallees.fr", "sante", "notre établissement",
        ("Directrice des ressources humaines", "Attaché d'administration")),
    Org("Mutualité de prévoyance sociale – Pôle santé travail", "Pôle santé travail", "mps-sante.fr", "sante", "notre pôle",
        ("Médecin coordonnateur", "Ergonome")),
    Org("Union régionale interprofessionnelle CFDT", "URI CFDT", "cfdt-uri.fr", "syndicat", "notre union", ("Secrétaire régionale", "Secrétaire régional adjoint")),
    Org("Union syndicale Solidaires – Commission numérique", "Solidaires", "solidaires-num.org", "syndicat", "notre organisation", ("Co-animatrice", "Militant")),
    Org("Service de prévention et de santé au travail interentreprises Rive Sud (SPSTI Rive Sud)", "SPSTI Rive Sud", "spsti-rivesud.fr", "spst",
        "notre service", ("Directrice", "Ingénieur prévention")),
    Org("Institut Travail & Futurs", "ITF", "travail-futurs.org", "thinktank", "notre institut", ("Directrice des études", "Délégué général")),
    Org("Cercle Métiers & Machines", "CMM", "cercle-mm.org", "thinktank", "notre cercle de réflexion", ("Présidente", "Chargé d'études")),
    Org("Agence Hélice", "Hélice", "agence-helice.fr", "cabinet", "notre agence", ("Designer de services", "Directrice")),
    Org("Ergo-Sphère", "Ergo-Sphère", "ergosphere.fr", "cabinet", "notre cabinet", ("Ergonome", "Gérant")),
    Org("Association Passerelles Numériques Solidaires", "PNS", "passerelles-ns.org", "asso", "notre association", ("Coordinateur", "Présidente")),
    Org("Fédération régionale des entreprises d'insertion", "FREI", "frei-asso.fr", "groupement", "notre fédération", ("Chargée de mission", "Délégué régional")),
    Org("Tempus Mobile", "Tempus", "tempus-mobile.fr", "vendor", "notre start-up", ("Cofondatrice", "CTO")),
    Org("Laboratoire Interdisciplinaire Usages et Conception (LIUC) – Université de Haute-Alsace", "LIUC", "uha.fr", "labo", "notre laboratoire",
        ("Professeure associée", "Doctorant CIFRE")),
    Org("Conseil & Dialogue Social SAS", "CDS", "cds-conseil.fr", "cabinet", "notre cabinet", ("Présidente", "Consultant")),
    Org("Mutuelle Entraide Santé Ouest", "MESO", "meso-mutuelle.fr", "sante", "notre mutuelle", ("Responsable prévention", "Chargé de projet")),
    Org("Régie de quartier Les Coursives", "Les Coursives", "regie-coursives.org", "asso", "la régie", ("Directrice", "Encadrant technique")),
]


ARTICLES = {"Association": "l'", "Union": "l'", "Institut": "l'", "Laboratoire": "le ", "Centre": "le ", "Communauté": "la ",
            "Coopérative": "la ", "Équipe": "l'", "Agence": "l'", "Fédération": "la ", "Mutuelle": "la ", "Mutualité": "la ",
            "Régie": "la ", "Service": "le ", "Groupement": "le ", "Cercle": "le ", "SCOP": "la ", "SCIC": "la ", "GEIQ": "le ",
            "Collectif": "le ", "Les": "", "Conseil": "le "}


def org_prep(name: str, prep: str) -> str:
    """'de', 'par' or '' before an organisation's name, with the article its name takes."""
    first = name.split()[0]
    art = ARTICLES.get(first, "")
    if first == "Conseil" and "&" in name:
        art = ""
    if first == "Les":
        return {"de": "des " + name[4:], "par": "par les " + name[4:], "": name}[prep]
    if prep == "de":
        return ("du " + name if art == "le " else "de " + art + name) if art else "de " + name
    if prep == "par":
        return "par " + art + name
    return art + name


def de_city(city: str) -> str:
    """'de' before a town's name: de Rennes, d'Amiens, du Mans."""
    if city.startswith("Le "):
        return "du " + city[3:]
    return ("d'" if city[0] in "AEIOUÉÈÂ" else "de ") + city


MALE_FIRST = ("Président", "Directeur", "Gérant", "Consultant", "Chargé", "Maître", "Professeur", "Enseignant-chercheur", "Doctorant",
              "Militant", "Animateur", "Délégué", "Associé", "Attaché", "Ingénieur", "Encadrant", "Post-doctorant", "Chercheur", "Chef",
              "Coordinateur", "Fondateur", "Médecin", "Titulaire", "Secrétaire régional", "Head")


def title_gender(title: str) -> bool | None:
    """True for a feminine title (Directrice), False for a masculine one, None when it says nothing."""
    first = title.split()[0]
    if first.endswith(("rice", "ante", "euse", "esse", "ffe", "ure", "ère", "ente", "ée")) or any(
            w in title for w in ("régionale", "européenne", "associée", "salariée", "Professeure", "Maîtresse")):
        return True
    if title.startswith(MALE_FIRST):
        return False
    return None


def person(rng, female: bool | None = None) -> tuple[str, str, bool]:
    f = rng.chance(0.5) if female is None else female
    return rng.pick(FIRST_F if f else FIRST_M), rng.pick(LAST), f


def ascii_slug(s: str, sep: str = ".") -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    out = []
    for ch in s:
        out.append(ch if ch.isalnum() else sep)
    t = "".join(out)
    while sep and sep * 2 in t:
        t = t.replace(sep * 2, sep)
    return t.strip(sep)


def email_of(first: str, last: str, domain: str, style: int) -> str:
    f, l = ascii_slug(first, "-"), ascii_slug(last, "")
    if style == 0:
        return f"{f}.{l}@{domain}"
    if style == 1:
        return f"{f[0]}.{l}@{domain}"
    if style == 2:
        return f"{f}@{domain}"
    return f"{f[0]}{l}@{domain}"


# ---------------------------------------------------------------- partners


@dataclass
class Partner:
    name: str
    kind: str
    contribution: str  # what it commits to, one phrase starting with a noun or a verb in infinitive
    short_role: str  # a few words: "appui méthodologique"
    days: int = 0
    signer: str = ""
    signer_title: str = ""
    extra: dict = field(default_factory=dict)


CARSAT = {"Bretagne": "Carsat Bretagne", "Normandie": "Carsat Normandie", "Hauts-de-France": "Carsat Nord-Picardie",
          "Grand Est": "Carsat Nord-Est", "Bourgogne-Franche-Comté": "Carsat Bourgogne-Franche-Comté",
          "Centre-Val de Loire": "Carsat Centre-Val de Loire", "Pays de la Loire": "Carsat Pays de la Loire",
          "Nouvelle-Aquitaine": "Carsat Aquitaine", "Occitanie": "Carsat Midi-Pyrénées",
          "Auvergne-Rhône-Alpes": "Carsat Rhône-Alpes", "Provence-Alpes-Côte d'Azur": "Carsat Sud-Est",
          "Île-de-France": "Cramif"}

LABS = ["Laboratoire d'ergonomie et de psychologie du travail (LEPT) de l'université {de_city}",
        "Centre d'études sur le travail et les organisations {de_city}",
        "Institut de sociologie du travail {de_city}",
        "Équipe « Conception et activité » du CNAM {region}"]


def partner_pool(rng, region: Region, theme: Theme, kind: str) -> list[Partner]:
    """Every partner such an applicant could bring, each with a plausible commitment."""
    dept, dnum = rng.pick(region.depts)
    city = rng.pick(region.cities)
    pool = [
        Partner(region.aract, "aract", rng.pick([
            "appui méthodologique à la conception des ateliers et relecture des productions intermédiaires",
            "mise à disposition d'une chargée de mission (6 jours) pour co-animer les séances collectives",
            "apport d'expertise sur l'analyse du travail et participation aux réunions de suivi"]),
            "appui méthodologique", rng.pick([4, 6, 8])),
        Partner(f"Union départementale CFDT {dept}", "syndicat", rng.pick([
            "mobilisation des élus et mandatés des entreprises volontaires",
            "co-animation des sessions de sensibilisation des représentants du personnel"]), "relais syndical"),
        Partner(f"Union locale CGT {de_city(city)}", "syndicat", rng.pick([
            "information des syndicats d'entreprise et participation de deux militants aux ateliers",
            "relais auprès des équipes syndicales du territoire"]), "relais syndical"),
        Partner(f"CPME {dnum}", "patronat", rng.pick([
            "repérage des entreprises volontaires parmi ses adhérents",
            "relais de l'appel à participation dans sa lettre d'information et accueil d'une réunion d'entreprises"]), "mobilisation des entreprises"),
        Partner(theme.opco, "opco", rng.pick([
            "prise en charge des coûts pédagogiques de la formation des référents",
            "diffusion des enseignements auprès des branches adhérentes"]), "financement de la formation"),
        Partner(rng.pick(LABS).format(de_city=de_city(city), region=region.name), "labo", rng.pick([
            "encadrement scientifique : conception du protocole d'observation et analyse des matériaux recueillis",
            "accueil d'une stagiaire de master et participation au séminaire de restitution"]), "appui scientifique", rng.pick([10, 12, 15])),
        Partner(CARSAT[region.name], "carsat", rng.pick([
            "expertise des ingénieurs et contrôleurs de prévention sur les risques liés aux outils",
            "participation d'un ingénieur conseil aux points d'étape"]), "prévention"),
        Partner(theme.branch + " " + region.de, "branche", rng.pick([
            "mise en relation avec les entreprises du secteur et relais de la démarche",
            "présence d'un représentant dans l'instance de suivi et diffusion du guide"]), "relais de branche"),
        Partner(theme.pilots[0], "pilote", rng.pick([
            "accueil de l'expérimentation sur deux sites et libération de temps pour les salariés volontaires",
            "mise à disposition d'un référent interne et accès aux situations de travail"]), "terrain d'expérimentation"),
        Partner(theme.pilots[1], "pilote", rng.pick([
            "participation de l'équipe de direction et des élus du CSE aux ateliers",
            "accueil des observations et des entretiens sur le site principal"]), "terrain d'expérimentation"),
        Partner(theme.vendor, "editeur", rng.pick([
            "ouverture des paramétrages de l'outil à la discussion et présence d'un chef de produit aux ateliers",
            "adaptation de l'interface selon les règles d'usage retenues"]), "éditeur de la solution"),
        Partner(f"Conseil départemental {dept}", "collectivite", rng.pick([
            "mise à disposition de salles pour les rencontres inter-entreprises",
            "relais auprès des structures qu'il autorise et finance"]), "appui territorial"),
    ]
    rng.shuffle(pool)
    return pool
