"""Every fixed interface string the bot shows, in English, marked for extraction with ``N_``.

Translators work on ``locales/<code>/LC_MESSAGES/messages.po`` (``make locales`` extracts and compiles).
Placeholders in braces are filled in by the code; keep them as they are in every translation.
"""

from __future__ import annotations

from bot.i18n import N_

GREETING = N_(
    "Hello! I am Wegweiser. I help you find information and advice in Germany: housing, health, "
    "counselling, discrimination, language courses and work.\n\n"
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
OUT_OF_SCOPE = N_(
    "Sorry, I can only help with questions about life in Germany: housing, health, counselling, "
    "discrimination, language courses and work."
)
FALLBACK = N_(
    "Sorry, I did not understand that. Please say it in other words, in one short sentence, "
    "or choose a topic."
)
PRIVACY = N_(
    "Your privacy:\n"
    "- We do not know who you are. We never store your name, phone number or Telegram account.\n"
    "- Your messages are used only to answer you. The conversation is deleted after {minutes} "
    "minutes without messages. Write /delete to delete it at once.\n"
    "- We only count how often each topic is asked (no person, no texts).\n"
    "- Authorities do not get any data from us.\n"
    "- Telegram itself sees this chat, as with every Telegram chat.\n"
    "This service is run by {operator} ({contact})."
)
EMERGENCY = N_(
    "If you are in danger now, call for help:\n"
    "- Police: 110\n"
    "- Fire brigade and ambulance: 112\n"
    "- Doctor on call (nights, weekends): 116 117\n"
    "- Violence against women, day and night, with interpreters: 116 016\n"
    "- TelefonSeelsorge (crisis, suicidal thoughts), free and anonymous: 0800 111 0 111 or "
    "0800 111 0 222\n"
    "- Children and young people: 116 111\n"
    "All calls are free."
)
LANGUAGE_FALLBACK_NOTE = N_("This answer is not yet available in English. Here it is in German:")
NO_ANSWER = N_(
    "Sorry, I have no answer on this topic yet. Counselling services can help you personally."
)
ASK_PLACE = N_(
    "Where should I look? Share your location with the button, or type your postal code or town."
)
ERROR = N_("Sorry, something went wrong on our side. Please try again in a moment.")
DEGRADED = N_(
    "I cannot understand free text right now. Please use the buttons; the answers there work."
)
CONVERSATION_DELETED = N_("Done: this conversation is deleted. Nothing about it is stored any more.")

BUTTON_NEAR_ME = N_("Services near me")
BUTTON_COUNSELLOR = N_("Talk to a counsellor")
BUTTON_OTHER_TOPICS = N_("Other topics")
