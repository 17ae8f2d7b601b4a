"""Every fixed interface string the bot shows, in English, marked for extraction with ``N_``.

Translators work on ``locales/<code>/LC_MESSAGES/messages.po`` (``make locales`` extracts and compiles).
Placeholders in braces are filled in by the code; keep them as they are in every translation.
"""

from __future__ import annotations

from bot.i18n import N_

GREETING = N_(
    "Hello! I am Wegweiser. I help you find information and advice in Germany.\n\n"
    "You stay anonymous. Write your question in your language, or choose a topic."
)
CHOOSE_LANGUAGE = N_("Please choose your language:")
LANGUAGE_SET = N_("I will answer in English from now on.")
HELP = N_(
    "I can give you short, reliable information and find advice centres near you. "
    "Choose a topic or write your question in your own words."
)
GOODBYE = N_("Goodbye! You can write to me again at any time.")
THANKS = N_("You are welcome. Is there anything else I can help with?")
AFFIRM = N_("Good. Choose a topic or write your question.")
DENY = N_("All right. If you need anything else, choose a topic or write your question.")
BOT_CHALLENGE = N_(
    "I am a computer program (a chatbot), not a person. For personal advice I can show you "
    "counselling services near you."
)
OUT_OF_SCOPE = N_("Sorry, I can only help with questions about life in Germany.")
"""Without a list of topics: the menu under it shows them all (a list here had named six of 25)."""
FALLBACK = N_(
    "Sorry, I did not understand that. Please say it in other words, in one short sentence, "
    "or choose a topic."
)
PRIVACY = N_(
    "Your privacy:\n"
    "- We do not know who you are. We never store your name, phone number or Telegram account.\n"
    "- Your messages are used only to answer you. The conversation is deleted after %(minutes)s "
    "minutes without messages. Write /delete to delete it at once.\n"
    "- We only count how often each topic is asked (no person, no texts).\n"
    "- Authorities do not get any data from us."
)
# Only where the conversation runs on Telegram (not on the chat page).
PRIVACY_TELEGRAM = N_("- Telegram itself sees this chat, as with every Telegram chat.")
PRIVACY_OPERATOR = N_("This service is run by %(operator)s (%(contact)s).")
# The emergency reply, one line per crisis line so the safety net can put the right ones first
# (bot/replies/emergency.py). Checked 12/2026 — sources in docs/emergency.md; staff review yearly.
EMERGENCY_HEADER = N_("If you are in danger now, call for help:")
LINE_POLICE = N_("Police: 110")
LINE_AMBULANCE = N_("Fire brigade and ambulance: 112")
LINE_DOCTOR = N_("Doctor on call (nights, weekends): 116 117")
LINE_VIOLENCE = N_(
    "Violence against women (at home, sexual violence, trafficking): 116 016, day and night, "
    "with interpreters in many languages"
)
LINE_ABUSE = N_(
    "Sexual abuse of children and young people (also for parents, and adults abused as children): "
    "0800 22 55 530, Mon, Wed, Fri 9–14, Tue, Thu 15–20, with interpreters"
)
LINE_PREGNANT = N_("Pregnant and in distress: 0800 40 40 020, day and night, in many languages")
LINE_SEELSORGE = N_(
    "TelefonSeelsorge (crisis, suicidal thoughts): 0800 111 0 111 or 0800 111 0 222, day and night, in German"
)
LINE_CHILDREN = N_("Children and young people (Nummer gegen Kummer): 116 111, Mon–Sat 14–20")
EMERGENCY_FOOTER = N_("All calls are free.")
BUTTON_VIOLENCE_HELP = N_("Violence: help and women's shelters")
LANGUAGE_FALLBACK_NOTE = N_("This answer is not yet available in English. Here it is in German:")
NO_ANSWER = N_("Sorry, I have no answer on this topic yet. Counselling services can help you personally.")
ASK_PLACE = N_("Where should I look? Share your location with the button, or type your postal code or town.")
ERROR = N_("Sorry, something went wrong on our side. Please try again in a moment.")
SENDING_FAST = N_("You are sending very fast; I answer your latest message.")
DEGRADED = N_("I cannot understand free text right now. Please use the buttons; the answers there work.")
CONVERSATION_DELETED = N_("Done: this conversation is deleted. Nothing about it is stored any more.")

DID_YOU_MEAN = N_("I am not sure I understood you. Did you mean one of these?")
OTHER_NEED = N_(
    "I have no checked answer for this. Migration counselling helps with every question, free and "
    "confidential:\n"
    "- from age 27: the MBE (Migrationsberatung für erwachsene Zuwanderer)\n"
    "- from 12 to 27: the JMD (Jugendmigrationsdienst)\n"
    "- online by chat: mbeon, https://www.mbeon.de"
)
INBOX_ASK = N_("May we keep your question, without your name or number, so that staff can add an answer?")
INBOX_KEPT = N_("Thank you. Your question is kept without your name or number, for at most 90 days.")
INBOX_NOT_KEPT = N_("All right, your question is not kept.")
PRIVACY_INBOX = N_(
    "- Only if you press “Yes” when we ask: your question is kept so that staff can add an answer, "
    "without your name, numbers, links or the conversation, for at most 90 days."
)
BUTTON_YES = N_("Yes")
BUTTON_NO = N_("No")
BUTTON_SOMETHING_ELSE = N_("Something else")
BUTTON_COUNSELLING_NEAR_ME = N_("Migration counselling near me")

BUTTON_NEAR_ME = N_("Services near me")
BUTTON_COUNSELLOR = N_("Talk to a counsellor")
BUTTON_OTHER_TOPICS = N_("Other topics")
# Under an answer: the topic the model ranked next ("Also: Pregnancy"); %(topic)s is its title.
BUTTON_ALSO_TOPIC = N_("Also: %(topic)s")

# Telegram: topic menu, place keyboard, service cards, commands.
MENU_PROMPT = N_("Choose a topic:")
BUTTON_ALL_TOPICS = N_("All topics")
# Topic and menu group titles are msgids too: they live in the topic registry (content/topics.yml)
# and are added to the catalogue by `python -m bot.i18n.catalogues extract`.
BUTTON_SHARE_LOCATION = N_("Share my location")
PLACE_PLACEHOLDER = N_("Postal code or town")
OTHER_LANGUAGE = N_(
    "Sorry, I cannot read your language yet. I answer in the languages below: please choose one, "
    "or write to me in one of them."
)
UNSUPPORTED_MESSAGE = N_(
    "I can only read text. Please write your question in a few words, or choose a topic. "
    "Voice messages, pictures and files are not kept."
)
DELETE_FAILED = N_(
    "I could not delete the conversation just now. Please send /delete again in a moment. "
    "Without new messages, it is deleted by itself after %(minutes)s minutes."
)
DELETE_TELEGRAM_NOTE = N_("The messages in your Telegram app stay until you delete this chat in Telegram.")
CARD_OPEN_NOW = N_("open now")
CARD_CLOSED_NOW = N_("closed now")
ANSWER_CHECKED = N_("Checked: %(month)s")
"""The trust line under every answer: the month staff last checked it (e.g. 11/2026)."""
ANSWER_SOURCE = N_("Source: %(source)s")
"""Beside the checked month, where the answer names a public body as its source (e.g. BAMF)."""
CARD_OPENS = N_("opens %(when)s")
CARD_DISTANCE = N_("%(distance)s km away")
CARD_LANGUAGES = N_("Languages: %(languages)s")
CARD_FREE = N_("free of charge")
CARD_ANONYMOUS = N_("anonymous")
CARD_MAP = N_("Map")
CARD_OPEN_UNTIL = N_("open now, until %(time)s")
CARD_NO_APPOINTMENT = N_("no appointment needed")
CARD_APPOINTMENT = N_("by appointment")
CARD_ACCESSIBLE = N_("step-free access")
CARD_ONLINE = N_("Online counselling")
COMMAND_START = N_("Start and choose your language")
COMMAND_MENU = N_("Topics")
COMMAND_HELP = N_("What I can do")
COMMAND_LANGUAGE = N_("Change the language")
COMMAND_PRIVACY = N_("What is kept, and for how long")
COMMAND_DELETE = N_("Delete this conversation now")

# Services near me (actions/services.py, actions/place.py): the place, the list, counselling.
PLACE_NOT_FOUND = N_(
    "I do not know the place “%(place)s”. Please type a German postal code (five digits) or the "
    "name of your town, or share your location."
)
PLACE_AMBIGUOUS = N_("There are several places called “%(place)s”. Which one do you mean?")
PLACE_YOUR_LOCATION = N_("your location")
SERVICES_INTRO = N_("%(topic)s — services near %(place)s, nearest first:")
SERVICES_INTRO_ALL = N_("Services near %(place)s, nearest first:")
COUNSELLING_INTRO = N_("%(topic)s — counselling near %(place)s, nearest first:")
COUNSELLING_INTRO_ALL = N_("Counselling near %(place)s, nearest first:")
SERVICES_GENERAL_INSTEAD = N_(
    "I know no service for “%(topic)s” near %(place)s. These counselling services help with many "
    "questions and know where to go next:"
)
NO_SERVICES_NEAR = N_(
    "I do not know any services near %(place)s yet. Migration counselling (MBE) also advises online, "
    "free of charge and in many languages: www.mbeon.de"
)
DEMO_NOTE = N_("Note: these entries are invented demo data for testing, not real services.")
BUTTON_OTHER_PLACE = N_("Another place")
NEXT_STEPS = N_("What would you like to do next?")
