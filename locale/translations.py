"""French and Spanish for every interface string (English msgid -> (fr, es)).

`python locale/translations.py` fills locale/{fr,es}/LC_MESSAGES/django.po from this table after
`makemessages` and reports any msgid still without a translation (the test suite fails on those).
"""

T = {
    "Governance structure": ("Structure de gouvernance", "Estructura de gobernanza"),
    "Governing body": ("Organe directeur", "Órgano rector"),
    "Standing committee": ("Comité permanent", "Comité permanente"),
    "Subcommittee": ("Sous-comité", "Subcomité"),
    "Working group": ("Groupe de travail", "Grupo de trabajo"),
    "Dialogue forum": ("Forum de dialogue", "Foro de diálogo"),
    "Informal consultations": ("Consultations informelles", "Consultas informales"),
    "Administration": ("Administration", "Administración"),
    "External forum": ("Forum extérieur", "Foro externo"),
    "Regional consultative process": (
        "Processus consultatif régional",
        "Proceso consultivo regional",
    ),
    "State": ("État", "Estado"),
    "Organization": ("Organisation", "Organización"),
    "Member": ("Membre", "Miembro"),
    "Observer": ("Observateur", "Observador"),
    "Exact days": ("Jours exacts", "Días exactos"),
    "Week": ("Semaine", "Semana"),
    "Month": ("Mois", "Mes"),
    "Season": ("Saison", "Temporada"),
    "Year": ("Année", "Año"),
    "Unknown": ("Inconnue", "Desconocida"),
    "Report": ("Rapport", "Informe"),
    "Information paper": ("Document d'information", "Documento informativo"),
    "Working paper": ("Document de travail", "Documento de trabajo"),
    "Conference room paper": ("Document de séance", "Documento de sesión"),
    "Resolution": ("Résolution", "Resolución"),
    "Financial report": ("Rapport financier", "Informe financiero"),
    "Programme and budget": ("Programme et budget", "Programa y presupuesto"),
    "Internal": ("Interne", "Interno"),
    "United Nations document": ("Document des Nations Unies", "Documento de las Naciones Unidas"),
    "Other": ("Autre", "Otro"),
    "Public": ("Public", "Público"),
    "Restricted to Member States": (
        "Réservé aux États Membres",
        "Reservado a los Estados Miembros",
    ),
    "English": ("Anglais", "Inglés"),
    "French": ("Français", "Francés"),
    "Spanish": ("Espagnol", "Español"),
    "Calendar": ("Calendrier", "Calendario"),
    "Regular": ("Ordinaire", "Ordinaria"),
    "Special": ("Extraordinaire", "Extraordinaria"),
    "Not stated": ("Non précisé", "No indicado"),
    "Tentative": ("Provisoire", "Provisional"),
    "Confirmed": ("Confirmée", "Confirmada"),
    "Held": ("Tenue", "Celebrada"),
    "Postponed": ("Reportée", "Aplazada"),
    "Cancelled": ("Annulée", "Cancelada"),
    "Announced": ("Annoncée", "Anunciada"),
    "Set": ("Fixée", "Fijada"),
    "Changed": ("Modifiée", "Modificada"),
    "Morning": ("Matin", "Mañana"),
    "Afternoon": ("Après-midi", "Tarde"),
    "Full day": ("Journée entière", "Día completo"),
    "Election of officers": ("Élection du Bureau", "Elección de la Mesa"),
    "Confirmation": ("Confirmation", "Confirmación"),
    "Admission of Members and Observers": (
        "Admission de Membres et d'observateurs",
        "Admisión de Miembros y observadores",
    ),
    "Adoption of the agenda": ("Adoption de l'ordre du jour", "Aprobación del orden del día"),
    "Budget and finance": ("Budget et finances", "Presupuesto y finanzas"),
    "Panel": ("Table ronde", "Mesa redonda"),
    "International Dialogue on Migration": (
        "Dialogue international sur la migration",
        "Diálogo Internacional sobre la Migración",
    ),
    "Tentative dates of sessions": (
        "Dates provisoires des sessions",
        "Fechas provisionales de las reuniones",
    ),
    "Any other business": ("Questions diverses", "Otros asuntos"),
    "Chairperson": ("Président(e)", "Presidente/a"),
    "First Vice-Chairperson": ("Premier(ère) Vice-Président(e)", "Primer(a) Vicepresidente/a"),
    "Second Vice-Chairperson": ("Deuxième Vice-Président(e)", "Segundo/a Vicepresidente/a"),
    "Vice-Chairperson": ("Vice-Président(e)", "Vicepresidente/a"),
    "Rapporteur": ("Rapporteur", "Relator(a)"),
    "Admission": ("Admission", "Admisión"),
    "Election": ("Élection", "Elección"),
    "Other decision": ("Autre décision", "Otra decisión"),
    "Prepared for the session": ("Établi pour la session", "Preparado para la reunión"),
    "Report of the session": ("Rapport de la session", "Informe de la reunión"),
    "Referred to": ("Cité", "Citado"),
    "Unknown parameter(s): %(names)s.": (
        "Paramètre(s) inconnu(s) : %(names)s.",
        "Parámetro(s) desconocido(s): %(names)s.",
    ),
    "past must be a whole number of days from 0 to %(max)d.": (
        "past doit être un nombre entier de jours de 0 à %(max)d.",
        "past debe ser un número entero de días de 0 a %(max)d.",
    ),
    "include_cancelled must be 0 or 1.": (
        "include_cancelled doit valoir 0 ou 1.",
        "include_cancelled debe ser 0 o 1.",
    ),
    "lang must be one of en, fr, es.": (
        "lang doit être en, fr ou es.",
        "lang debe ser en, fr o es.",
    ),
    "all bodies": ("tous les organes", "todos los órganos"),
    "My sessions: %(names)s": ("Mes sessions : %(names)s", "Mis reuniones: %(names)s"),
    "%(name)s must be a number from %(low)d to %(high)d.": (
        "%(name)s doit être un nombre de %(low)d à %(high)d.",
        "%(name)s debe ser un número de %(low)d a %(high)d.",
    ),
    "There is no body '%(key)s'.": (
        "Il n'existe pas d'organe « %(key)s ».",
        "No existe el órgano «%(key)s».",
    ),
    "No published session has this key.": (
        "Aucune session publiée ne porte cette clé.",
        "Ninguna reunión publicada tiene esta clave.",
    ),
    "No body has this key.": (
        "Aucun organe ne porte cette clé.",
        "Ningún órgano tiene esta clave.",
    ),
    "There is no session '%(key)s'.": (
        "Il n'existe pas de session « %(key)s ».",
        "No existe la reunión «%(key)s».",
    ),
    "There is no series '%(series)s'.": (
        "Il n'existe pas de série « %(series)s ».",
        "No existe la serie «%(series)s».",
    ),
    "No such feed (the link may have been revoked or renewed).": (
        "Ce flux n'existe pas (le lien a peut-être été révoqué ou renouvelé).",
        "Este canal no existe (el enlace puede haberse revocado o renovado).",
    ),
    "This session has no dates yet.": (
        "Cette session n'a pas encore de dates.",
        "Esta reunión aún no tiene fechas.",
    ),
    "Bodies": ("Organes", "Órganos"),
    "All bodies": ("Tous les organes", "Todos los órganos"),
    "Pick at least one body, or all bodies.": (
        "Choisissez au moins un organe, ou tous les organes.",
        "Elija al menos un órgano, o todos los órganos.",
    ),
    "Governance Calendar": (
        "Calendrier des organes directeurs",
        "Calendario de los órganos rectores",
    ),
    "action must be rotate or revoke.": (
        "action doit valoir rotate ou revoke.",
        "action debe ser rotate o revoke.",
    ),
    "Bad request": ("Requête incorrecte", "Solicitud incorrecta"),
    "The address asks for something the calendar cannot show. Check the filters and try again.": (
        "L'adresse demande quelque chose que le calendrier ne peut pas afficher. Vérifiez les filtres et réessayez.",
        "La dirección pide algo que el calendario no puede mostrar. Revise los filtros e inténtelo de nuevo.",
    ),
    "Go to the calendar's home page": (
        "Aller à l'accueil du calendrier",
        "Ir a la página de inicio del calendario",
    ),
    "Page not found": ("Page introuvable", "Página no encontrada"),
    "There is no page at this address, or it is not published.": (
        "Il n'y a pas de page à cette adresse, ou elle n'est pas publiée.",
        "No hay ninguna página en esta dirección, o no está publicada.",
    ),
    "All upcoming sessions": ("Toutes les sessions à venir", "Todas las próximas reuniones"),
    "Skip to content": ("Aller au contenu", "Ir al contenido"),
    "Main": ("Principal", "Principal"),
    "Members and observers": ("Membres et observateurs", "Miembros y observadores"),
    "Documents": ("Documents", "Documentos"),
    "Resolutions": ("Résolutions", "Resoluciones"),
    "My calendar feed": ("Mon flux de calendrier", "Mi canal de calendario"),
    "Language": ("Langue", "Idioma"),
    "Change": ("Changer", "Cambiar"),
    "Dates are shown in the venue's time. Sessions meet at headquarters in Geneva unless a venue is given.": (
        "Les dates sont données à l'heure du lieu de réunion. Les sessions se tiennent au siège, à Genève, sauf indication d'un autre lieu.",
        "Las fechas se indican en la hora del lugar de reunión. Las reuniones se celebran en la sede, en Ginebra, salvo que se indique otro lugar.",
    ),
    "Apple Calendar": ("Calendrier Apple", "Calendario de Apple"),
    "Google Calendar": ("Google Agenda", "Google Calendar"),
    "Outlook": ("Outlook", "Outlook"),
    "Download .ics": ("Télécharger le fichier .ics", "Descargar el archivo .ics"),
    "Bodies and forums": ("Organes et forums", "Órganos y foros"),
    "Kind": ("Type", "Tipo"),
    "Usual rhythm": ("Rythme habituel", "Ritmo habitual"),
    "Established": ("Créé", "Creado"),
    "Replaced": ("A remplacé", "Sustituyó a"),
    "Replaced by": ("Remplacé par", "Sustituido por"),
    "Part of": ("Rattaché à", "Forma parte de"),
    "Abolition": ("Suppression", "Supresión"),
    "Meetings": ("Séances", "Sesiones"),
    "Held in private": ("À huis clos", "A puerta cerrada"),
    "Notice of a session": ("Convocation d'une session", "Convocatoria de una reunión"),
    "Terms of reference": ("Mandat", "Mandato"),
    "Bureau": ("Bureau", "Mesa"),
    "As at the %(session)s:": ("Lors de la %(session)s :", "En la %(session)s:"),
    "Acting": ("Par intérim :", "Interino/a:"),
    "the representative of %(state)s": (
        "le représentant de %(state)s",
        "el representante de %(state)s",
    ),
    "Related bodies": ("Organes rattachés", "Órganos relacionados"),
    "Upcoming sessions": ("Sessions à venir", "Próximas reuniones"),
    "None published.": ("Aucune publiée.", "Ninguna publicada."),
    "Subscribe to this body": ("S'abonner à cet organe", "Suscribirse a este órgano"),
    "Past sessions": ("Sessions passées", "Reuniones anteriores"),
    "None recorded.": ("Aucune enregistrée.", "Ninguna registrada."),
    "Source:": ("Source :", "Fuente:"),
    "Calendar %(year)s": ("Calendrier %(year)s", "Calendario %(year)s"),
    "Whole year": ("Toute l'année", "Todo el año"),
    "Body": ("Organe", "Órgano"),
    "Show": ("Afficher", "Mostrar"),
    "Month view": ("Vue mensuelle", "Vista mensual"),
    "Sessions and events": ("Sessions et réunions", "Reuniones y eventos"),
    "Nothing is published for this period.": (
        "Rien n'est publié pour cette période.",
        "No hay nada publicado para este período.",
    ),
    "Issued": ("Publié le", "Publicado el"),
    "First distributed": ("Première distribution", "Primera distribución"),
    "Prepared for": ("Établi pour", "Preparado para"),
    "Original": ("Original", "Original"),
    "English only": ("anglais seulement", "solo en inglés"),
    "Amends": ("Modifie", "Modifica"),
    "Annexed to": ("Annexé à", "Anexo a"),
    "Corrigenda and revisions": ("Rectificatifs et révisions", "Correcciones y revisiones"),
    "Sessions": ("Sessions", "Reuniones"),
    "Language versions": ("Versions linguistiques", "Versiones lingüísticas"),
    "not available": ("non disponible", "no disponible"),
    "Symbol or title": ("Cote ou titre", "Signatura o título"),
    "Series": ("Série", "Serie"),
    "All series": ("Toutes les séries", "Todas las series"),
    "Search": ("Rechercher", "Buscar"),
    "Documents of the %(title)s": ("Documents de la %(title)s", "Documentos de la %(title)s"),
    "No documents match.": ("Aucun document ne correspond.", "Ningún documento coincide."),
    "Your personal calendar feed": (
        "Votre flux de calendrier personnel",
        "Su canal de calendario personal",
    ),
    "Your feed has a new link": ("Votre flux a un nouveau lien", "Su canal tiene un nuevo enlace"),
    "Pick the bodies whose sessions you follow. You get a private link to add to Outlook, Google Calendar or Apple Calendar; it stays the same until you renew or revoke it.": (
        "Choisissez les organes dont vous suivez les sessions. Vous obtenez un lien privé à ajouter à Outlook, Google Agenda ou Calendrier Apple ; il reste le même jusqu'à ce que vous le renouveliez ou le révoquiez.",
        "Elija los órganos cuyas reuniones sigue. Obtendrá un enlace privado para añadir a Outlook, Google Calendar o el Calendario de Apple; no cambia hasta que lo renueve o lo revoque.",
    ),
    "Keep this link private: anyone who has it can read your feed. It is shown only once.": (
        "Gardez ce lien privé : quiconque le possède peut lire votre flux. Il n'est affiché qu'une fois.",
        "Mantenga este enlace en privado: cualquiera que lo tenga puede leer su canal. Solo se muestra una vez.",
    ),
    "Feed address": ("Adresse du flux", "Dirección del canal"),
    "Apple Calendar (webcal)": ("Calendrier Apple (webcal)", "Calendario de Apple (webcal)"),
    "Renew the link": ("Renouveler le lien", "Renovar el enlace"),
    "Revoke the feed": ("Révoquer le flux", "Revocar el canal"),
    "The link no longer works. Calendars subscribed to it will stop updating.": (
        "Le lien ne fonctionne plus. Les calendriers abonnés cesseront d'être mis à jour.",
        "El enlace ya no funciona. Los calendarios suscritos dejarán de actualizarse.",
    ),
    "Create my feed": ("Créer mon flux", "Crear mi canal"),
    "Feed revoked": ("Flux révoqué", "Canal revocado"),
    "Create a new feed": ("Créer un nouveau flux", "Crear un nuevo canal"),
    "Sessions of the governing bodies": (
        "Sessions des organes directeurs",
        "Reuniones de los órganos rectores",
    ),
    "No upcoming sessions are published.": (
        "Aucune session à venir n'est publiée.",
        "No hay próximas reuniones publicadas.",
    ),
    "See the calendar of past years.": (
        "Voir le calendrier des années passées.",
        "Ver el calendario de años anteriores.",
    ),
    "Subscribe": ("S'abonner", "Suscribirse"),
    "Add every upcoming session to your calendar; it stays up to date when dates change.": (
        "Ajoutez toutes les sessions à venir à votre calendrier ; il reste à jour quand les dates changent.",
        "Añada todas las próximas reuniones a su calendario; se mantiene al día cuando cambian las fechas.",
    ),
    "Subscribe to all sessions": (
        "S'abonner à toutes les sessions",
        "Suscribirse a todas las reuniones",
    ),
    "Choose bodies for a personal feed": (
        "Choisir des organes pour un flux personnel",
        "Elegir órganos para un canal personal",
    ),
    "Recent changes": ("Changements récents", "Cambios recientes"),
    "No recent changes.": ("Aucun changement récent.", "No hay cambios recientes."),
    "New documents": ("Nouveaux documents", "Documentos nuevos"),
    "No new documents.": ("Aucun nouveau document.", "No hay documentos nuevos."),
    "Membership over the years": (
        "Composition au fil des ans",
        "Composición a lo largo de los años",
    ),
    "Bars: Members and Observers computed from the records at the end of each year. Dots: totals as reported in the texts.": (
        "Barres : Membres et observateurs calculés d'après les registres à la fin de chaque année. Points : totaux tels que les textes les indiquent.",
        "Barras: Miembros y observadores calculados a partir de los registros al final de cada año. Puntos: totales indicados en los textos.",
    ),
    "Computed from the records (31 December)": (
        "Calculé d'après les registres (31 décembre)",
        "Calculado a partir de los registros (31 de diciembre)",
    ),
    "Members": ("Membres", "Miembros"),
    "Observers": ("Observateurs", "Observadores"),
    "As reported in the texts": ("Tel qu'indiqué dans les textes", "Según los textos"),
    "Date": ("Date", "Fecha"),
    "Source": ("Source", "Fuente"),
    "States and organizations": ("États et organisations", "Estados y organizaciones"),
    "States and organizations with their status": (
        "États et organisations avec leur statut",
        "Estados y organizaciones con su condición",
    ),
    "Name": ("Nom", "Nombre"),
    "Status": ("Statut", "Estado"),
    "Since": ("Depuis", "Desde"),
    "Admitted by": ("Admis par", "Admitido por"),
    "organization": ("organisation", "organización"),
    "between %(a)s and %(b)s": ("entre le %(a)s et le %(b)s", "entre el %(a)s y el %(b)s"),
    "by %(b)s": ("au plus tard le %(b)s", "a más tardar el %(b)s"),
    "Resolutions of the Council": ("Résolutions du Conseil", "Resoluciones del Consejo"),
    "Title": ("Titre", "Título"),
    "Adopted": ("Adoptée", "Aprobada"),
    "Session": ("Session", "Reunión"),
    "Links": ("Liens", "Vínculos"),
    "recalls %(label)s": ("rappelle la %(label)s", "recuerda la %(label)s"),
    "negates %(label)s": ("annule la %(label)s", "anula la %(label)s"),
    "Themes of the International Dialogue on Migration": (
        "Thèmes du Dialogue international sur la migration",
        "Temas del Diálogo Internacional sobre la Migración",
    ),
    "These dates are tentative and may change.": (
        "Ces dates sont provisoires et peuvent changer.",
        "Estas fechas son provisionales y pueden cambiar.",
    ),
    "This session has been postponed.": (
        "Cette session a été reportée.",
        "Esta reunión ha sido aplazada.",
    ),
    "This session has been cancelled.": (
        "Cette session a été annulée.",
        "Esta reunión ha sido cancelada.",
    ),
    "Dates": ("Dates", "Fechas"),
    "Not given": ("Non indiquées", "No indicadas"),
    "Venue": ("Lieu", "Lugar"),
    "Geneva (headquarters)": ("Genève (siège)", "Ginebra (sede)"),
    "time zone": ("fuseau horaire", "zona horaria"),
    "Meetings held": ("Séances tenues", "Sesiones celebradas"),
    "Theme": ("Thème", "Tema"),
    "Add to your calendar": ("Ajouter à votre calendrier", "Añadir a su calendario"),
    "This session (.ics)": ("Cette session (.ics)", "Esta reunión (.ics)"),
    "Subscribe to this body's sessions": (
        "S'abonner aux sessions de cet organe",
        "Suscribirse a las reuniones de este órgano",
    ),
    "Schedule history": ("Historique des dates", "Historial de fechas"),
    "Announced for": ("Annoncée pour le", "Anunciada para el"),
    "Changed to": ("Modifiée au", "Cambiada al"),
    "Set for": ("Fixée au", "Fijada para el"),
    "Postponed to": ("Reportée au", "Aplazada al"),
    "(another text of the same time says %(other)s)": (
        "(un autre texte de la même époque indique %(other)s)",
        "(otro texto de la misma época indica %(other)s)",
    ),
    "(latest word)": ("(dernière information)", "(última información)"),
    "Agenda": ("Ordre du jour", "Orden del día"),
    "Meetings of this session (.ics)": (
        "Séances de cette session (.ics)",
        "Sesiones de esta reunión (.ics)",
    ),
    "Decisions": ("Décisions", "Decisiones"),
    "dates not set": ("dates non fixées", "fechas no fijadas"),
    "Changed: %(title)s": ("Modification : %(title)s", "Cambio: %(title)s"),
    "Dates: %(old)s -> %(new)s": ("Dates : %(old)s -> %(new)s", "Fechas: %(old)s -> %(new)s"),
    "Status: %(old)s -> %(new)s": ("Statut : %(old)s -> %(new)s", "Estado: %(old)s -> %(new)s"),
    "Deadline: %(title)s": ("Échéance : %(title)s", "Plazo: %(title)s"),
    "Reminder: %(title)s": ("Rappel : %(title)s", "Recordatorio: %(title)s"),
    "Dates: %(dates)s (venue time, %(zone)s)": (
        "Dates : %(dates)s (heure du lieu, %(zone)s)",
        "Fechas: %(dates)s (hora del lugar, %(zone)s)",
    ),
    "The session opens at 10:00 in %(venue_zone)s, %(local)s in your time (%(zone)s).": (
        "La session s'ouvre à 10 h 00 (%(venue_zone)s), soit %(local)s à votre heure (%(zone)s).",
        "La reunión se abre a las 10:00 (%(venue_zone)s), es decir %(local)s en su hora (%(zone)s).",
    ),
    "Venue: %(venue)s": ("Lieu : %(venue)s", "Lugar: %(venue)s"),
    "Agenda:": ("Ordre du jour :", "Orden del día:"),
    "Documents: %(list)s": ("Documents : %(list)s", "Documentos: %(list)s"),
    "Unsubscribe: %(url)s": ("Se désabonner : %(url)s", "Darse de baja: %(url)s"),
    "E-mail address": ("Adresse électronique", "Dirección de correo electrónico"),
    "Your time zone": ("Votre fuseau horaire", "Su zona horaria"),
    "Every body": ("Tous les organes", "Todos los órganos"),
    "Confirm your reminders": ("Confirmez vos rappels", "Confirme sus recordatorios"),
    "Open this link to confirm reminders of the sessions of %(bodies)s:\n%(link)s\n\nNothing changes until you open it; it works for %(days)d days. If you did not ask for this, ignore this message.": (
        "Ouvrez ce lien pour confirmer les rappels des sessions de : %(bodies)s\n%(link)s\n\nRien ne change tant que vous ne l'avez pas ouvert ; il reste valable %(days)d jours. Si vous n'avez rien demandé, ignorez ce message.",
        "Abra este enlace para confirmar los recordatorios de las reuniones de: %(bodies)s\n%(link)s\n\nNada cambia hasta que lo abra; es válido durante %(days)d días. Si no ha solicitado nada, ignore este mensaje.",
    ),
    "This confirmation link is not valid (it may be old).": (
        "Ce lien de confirmation n'est pas valide (il est peut-être ancien).",
        "Este enlace de confirmación no es válido (puede ser antiguo).",
    ),
    "This unsubscribe link is not valid.": (
        "Ce lien de désabonnement n'est pas valide.",
        "Este enlace de baja no es válido.",
    ),
    "Reminders": ("Rappels", "Recordatorios"),
    "Reminders confirmed": ("Rappels confirmés", "Recordatorios confirmados"),
    "You will get reminders before the sessions you follow, and notices when their dates change.": (
        "Vous recevrez des rappels avant les sessions que vous suivez, et un avis quand leurs dates changent.",
        "Recibirá recordatorios antes de las reuniones que sigue, y avisos cuando cambien sus fechas.",
    ),
    "Check your e-mail": ("Consultez votre messagerie", "Revise su correo"),
    "A confirmation link goes to %(email)s (at most %(limit)s an hour to one address). Nothing changes until it is opened.": (
        "Un lien de confirmation part vers %(email)s (au plus %(limit)s par heure vers une même adresse). Rien ne change tant qu'il n'a pas été ouvert.",
        "Se envía un enlace de confirmación a %(email)s (como máximo %(limit)s por hora a una misma dirección). Nada cambia hasta que se abra.",
    ),
    "Too many requests": ("Trop de requêtes", "Demasiadas solicitudes"),
    "Many requests came from your connection in a short time. Please try again in an hour.": (
        "Votre connexion a envoyé beaucoup de requêtes en peu de temps. Veuillez réessayer dans une heure.",
        "Su conexión ha enviado muchas solicitudes en poco tiempo. Vuelva a intentarlo dentro de una hora.",
    ),
    "Reminders by e-mail": ("Rappels par courriel", "Recordatorios por correo electrónico"),
    "Get a message 30, 7 and 1 days before each session of the bodies you follow, and at once when dates change. You confirm by e-mail, and every message has an unsubscribe link.": (
        "Recevez un message 30, 7 et 1 jours avant chaque session des organes que vous suivez, et aussitôt quand les dates changent. Vous confirmez par courriel, et chaque message contient un lien de désabonnement.",
        "Reciba un mensaje 30, 7 y 1 días antes de cada reunión de los órganos que sigue, y en seguida cuando cambien las fechas. Usted confirma por correo electrónico y cada mensaje incluye un enlace para darse de baja.",
    ),
    "Unsubscribe": ("Se désabonner", "Darse de baja"),
    "Stop all reminders": ("Arrêter tous les rappels", "Detener todos los recordatorios"),
    "Unsubscribed": ("Désabonné", "Baja confirmada"),
    "You will get no more reminders.": (
        "Vous ne recevrez plus de rappels.",
        "No recibirá más recordatorios.",
    ),
    "Membership": ("Composition", "Composición"),
    "Choose English, French or Spanish.": (
        "Choisissez l'anglais, le français ou l'espagnol.",
        "Elija inglés, francés o español.",
    ),
    "Remind me this many days before a session": (
        "Me rappeler ce nombre de jours avant une session",
        "Recordarme con estos días de antelación a una sesión",
    ),
    "None ticked: each body's usual lead times (30, 7 and 1 days).": (
        "Aucune case cochée : les délais habituels de chaque organe (30, 7 et 1 jours).",
        "Ninguna marcada: los plazos habituales de cada órgano (30, 7 y 1 días).",
    ),
    "Delivery": ("Envoi", "Envío"),
    "Provisional agenda": ("Ordre du jour provisoire", "Programa provisional"),
    "Agenda adopted": ("Ordre du jour adopté", "Programa adoptado"),
    "Agenda revised": ("Ordre du jour révisé", "Programa revisado"),
    "Each message at once": ("Chaque message aussitôt", "Cada mensaje de inmediato"),
    "Daily digest": ("Résumé quotidien", "Resumen diario"),
    "Weekly digest (Mondays)": ("Résumé hebdomadaire (le lundi)", "Resumen semanal (los lunes)"),
    "Governance Calendar: %(count)d updates": (
        "Calendrier de gouvernance : %(count)d nouvelles",
        "Calendario de gobernanza: %(count)d novedades",
    ),
    "Names and titles are one line of plain text: remove the control character "
    "%(character)s at position %(position)s.": (
        "Les noms et les titres tiennent sur une ligne de texte simple : retirez le caractère "
        "de contrôle %(character)s en position %(position)s.",
        "Los nombres y los títulos son una línea de texto simple: quite el carácter de control "
        "%(character)s en la posición %(position)s.",
    ),
}
PLURALS = {
    "at least %(days)s day before": (
        ("au moins %(days)s jour avant", "au moins %(days)s jours avant"),
        ("al menos %(days)s día antes", "al menos %(days)s días antes"),
    ),
}


def fill() -> int:
    from pathlib import Path

    import polib

    missing = 0
    for index, lang in enumerate(("fr", "es")):
        path = Path(__file__).parent / lang / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(path))
        for entry in po:
            if entry.msgid_plural:
                forms = PLURALS.get(entry.msgid)
                if forms:
                    entry.msgstr_plural = {0: forms[index][0], 1: forms[index][1]}
                    entry.flags = [f for f in entry.flags if f != "fuzzy"]
                    continue
            elif entry.msgid in T:
                entry.msgstr = T[entry.msgid][index]
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
                continue
            missing += 1
            print(f"{lang}: no translation for {entry.msgid!r}")
        po.save()
        po.save_as_mofile(str(path.with_suffix(".mo")))
    return missing


if __name__ == "__main__":
    raise SystemExit(1 if fill() else 0)
