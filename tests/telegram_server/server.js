#!/usr/bin/env node
// A local Bot API server for Wegweiser's tests: telegram-test-api, made to answer the way the real
// Bot API (and so python-telegram-bot) expects. Usage: node server.js --port 9000 [--venues]
//
// Fix-ups over telegram-test-api 4.2.1:
// - getMe has is_bot (python-telegram-bot requires it);
// - dates of the bot's messages are in seconds, not milliseconds;
// - callback queries carry chat_instance;
// - getUpdates long-polls (honours `timeout`) instead of answering at once, and like Telegram sends an
//   update again until an `offset` above its update_id confirms it;
// - POST /sendRawUpdates {botToken, updates: [...]} queues updates verbatim (update_id added): a broken
//   or hostile Bot API server, for the robustness tests;
// - answerCallbackQuery answers true; edits answer with the edited message and show it to the client
//   again;
// - unknown methods answer 404 "Not Found" like Telegram (so sendVenue is missing unless --venues);
// - setMyCommands/getMyCommands/deleteMyCommands keep commands per scope and language;
// - a webhook gets Telegram's X-Telegram-Bot-Api-Secret-Token header, and a failed webhook call is
//   reported to the client instead of crashing the server.
'use strict';

const axios = require('axios');
const TelegramServer = require('telegram-test-api');
const routesIndex = require('telegram-test-api/lib/routes/index');
const { unknownMethod } = require('telegram-test-api/lib/routes/bot/unknownMethod');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const port = Number(option('--port', process.env.PORT || 9000));
const host = option('--host', '127.0.0.1');
const venues = process.argv.includes('--venues');
const MAX_POLL_SECONDS = 5;
const USER_EVENTS = ['AddedUserMessage', 'AddedUserCommand', 'AddedUserCallbackQuery'];

function seconds(value) {
  return value > 1e11 ? Math.floor(value / 1000) : value;
}

function botMessageFromStorage(entry) {
  const result = {
    message_id: entry.messageId,
    date: seconds(entry.time),
    chat: { id: Number(entry.message.chat_id), type: 'private', first_name: 'Bot' },
  };
  if (entry.message.text !== undefined) result.text = entry.message.text;
  if (entry.message.reply_markup && entry.message.reply_markup.inline_keyboard) {
    result.reply_markup = entry.message.reply_markup;
  }
  return result;
}

// Bot messages: the result is a Message as Telegram returns it (date in seconds, JSON fields parsed),
// not the request parameters echoed back.
const JSON_FIELDS = ['reply_markup', 'entities', 'link_preview_options', 'reply_parameters'];
const originalAddBotMessage = TelegramServer.prototype.addBotMessage;
TelegramServer.prototype.addBotMessage = function addBotMessage(rawMessage, botToken) {
  const message = { ...rawMessage };
  for (const key of JSON_FIELDS) {
    if (typeof message[key] === 'string') message[key] = JSON.parse(message[key]);
  }
  const stored = originalAddBotMessage.call(this, message, botToken);
  const result = {
    message_id: stored.message_id,
    date: seconds(stored.date),
    chat: { id: Number(message.chat_id), type: 'private', first_name: 'Bot' },
  };
  if (message.text !== undefined) result.text = message.text;
  if (message.venue) result.venue = message.venue;
  if (message.reply_markup && message.reply_markup.inline_keyboard) {
    result.reply_markup = message.reply_markup;
  }
  return result;
};

// Callback queries: chat_instance, as Telegram always sends it.
const originalFormatUpdate = TelegramServer.formatUpdate;
TelegramServer.formatUpdate = function formatUpdate(update) {
  if (update.raw !== undefined) return { update_id: update.updateId, ...update.raw };
  const formatted = originalFormatUpdate.call(this, update);
  if (formatted.callback_query) {
    formatted.callback_query.chat_instance = String(formatted.callback_query.from.id);
  }
  if (formatted.message) {
    delete formatted.message.botToken;
  }
  return formatted;
};

// Webhooks: send the secret header and never crash on a failed call.
TelegramServer.prototype.addUserUpdate = async function addUserUpdate(update) {
  const webhook = this.webhooks[update.botToken];
  this.updateId++;
  if (!webhook) {
    this.storage.userMessages.push(update);
    return null;
  }
  const headers = {};
  if (webhook.secret_token) {
    headers['X-Telegram-Bot-Api-Secret-Token'] = webhook.secret_token;
  }
  try {
    const response = await axios({
      url: webhook.url,
      method: 'POST',
      data: TelegramServer.formatUpdate(update),
      headers,
      validateStatus: () => true,
    });
    return response.status;
  } catch (error) {
    return 0;
  }
};

function handle(app, path, handler) {
  app.all(path, (req, res, next) => {
    Promise.resolve(handler(req, res, next)).catch((error) => {
      res.status(500).json({ ok: false, error_code: 500, description: String(error) });
    });
  });
}

function params(req) {
  return { ...req.query, ...req.body };
}

function parseJson(value, fallback) {
  if (value === undefined || value === null || value === '') return fallback;
  return typeof value === 'string' ? JSON.parse(value) : value;
}

const commandStore = new Map();
function commandKey(token, p) {
  const scope = parseJson(p.scope, { type: 'default' });
  return `${token}|${JSON.stringify(scope)}|${p.language_code || ''}`;
}

function fixups(app, server) {
  handle(app, '/bot:token/getMe', (req, res) => {
    res.json({
      ok: true,
      result: {
        id: 666,
        is_bot: true,
        first_name: 'Wegweiser Test',
        username: 'WegweiserTestBot',
        can_join_groups: false,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
      },
    });
  });

  handle(app, '/bot:token/getUpdates', async (req, res) => {
    const token = req.params.token;
    const p = params(req);
    const wait = Math.min(Number(p.timeout || 0), MAX_POLL_SECONDS);
    const offset = Number(p.offset || 0);
    if (offset > 0) {
      server.storage.userMessages = server.storage.userMessages.filter(
        (u) => u.botToken !== token || u.updateId >= offset,
      );
    }
    const pending = () => server.storage.userMessages
      .filter((u) => u.botToken === token)
      .map((u) => TelegramServer.formatUpdate(u));
    let updates = pending();
    if (updates.length === 0 && wait > 0) {
      await new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          USER_EVENTS.forEach((name) => server.off(name, done));
          resolve();
        };
        const timer = setTimeout(done, wait * 1000);
        USER_EVENTS.forEach((name) => server.on(name, done));
      });
      updates = pending();
    }
    res.json({ ok: true, result: updates });
  });

  handle(app, '/bot:token/answerCallbackQuery', (req, res) => {
    res.json({ ok: true, result: true });
  });

  for (const method of ['editMessageText', 'editMessageReplyMarkup']) {
    handle(app, `/bot:token/${method}`, (req, res) => {
      const edit = TelegramServer.normalizeMessage({ ...params(req) });
      const entry = server.storage.botMessages.find(
        (u) => String(u.messageId) === String(edit.message_id)
          && String(u.message.chat_id) === String(edit.chat_id),
      );
      if (!entry) {
        res.status(400).json({ ok: false, error_code: 400, description: 'Bad Request: message to edit not found' });
        return;
      }
      if (method === 'editMessageReplyMarkup' && !('reply_markup' in edit)) {
        delete entry.message.reply_markup;
      }
      entry.message = { ...entry.message, ...edit };
      delete entry.message.message_id;
      entry.isRead = false;
      res.json({ ok: true, result: botMessageFromStorage(entry) });
    });
  }

  handle(app, '/bot:token/setMyCommands', (req, res) => {
    const p = params(req);
    commandStore.set(commandKey(req.params.token, p), parseJson(p.commands, []));
    res.json({ ok: true, result: true });
  });
  handle(app, '/bot:token/getMyCommands', (req, res) => {
    const p = params(req);
    res.json({ ok: true, result: commandStore.get(commandKey(req.params.token, p)) || [] });
  });
  handle(app, '/bot:token/deleteMyCommands', (req, res) => {
    commandStore.delete(commandKey(req.params.token, params(req)));
    res.json({ ok: true, result: true });
  });

  handle(app, '/bot:token/setWebhook', (req, res) => {
    const p = params(req);
    if (!p.url) {
      server.deleteWebhook(req.params.token);
    } else {
      server.setWebhook({ url: p.url, secret_token: p.secret_token }, req.params.token);
    }
    res.json({ ok: true, result: true });
  });

  if (venues) {
    handle(app, '/bot:token/sendVenue', (req, res) => {
      const message = TelegramServer.normalizeMessage({ ...params(req) });
      const venue = {
        location: { latitude: Number(message.latitude), longitude: Number(message.longitude) },
        title: message.title,
        address: message.address,
      };
      const result = server.addBotMessage({ ...message, venue }, req.params.token);
      res.json({ ok: true, result });
    });
  }

  // A broken or hostile Bot API server: updates exactly as given (only update_id is added).
  handle(app, '/sendRawUpdates', (req, res) => {
    const ids = [];
    for (const raw of req.body.updates || []) {
      ids.push(server.updateId);
      server.storage.userMessages.push({
        ...server.getCommonFields(req.body.botToken), raw, updateId: server.updateId,
      });
      server.updateId++;
    }
    server.emit('AddedUserMessage');
    res.json({ ok: true, result: { update_ids: ids } });
  });

  // Client side: store or deliver the update, and say how the webhook answered.
  const clientRoutes = {
    '/sendMessage': ['message', 'AddedUserMessage'],
    '/sendCommand': ['message', 'AddedUserCommand'],
    '/sendCallback': ['callbackQuery', 'AddedUserCallbackQuery'],
  };
  for (const [path, [field, event]] of Object.entries(clientRoutes)) {
    handle(app, path, async (req, res) => {
      const update = { ...server.getCommonFields(req.body.botToken), [field]: req.body };
      if (field === 'callbackQuery') {
        update.callbackId = server.callbackId;
        server.callbackId++;
      } else {
        server.messageId++;
      }
      const webhookStatus = await server.addUserUpdate(update);
      server.emit(event);
      res.json({ ok: true, result: { update_id: update.updateId, webhook_status: webhookStatus } });
    });
  }
}

// Telegram answers 404 for methods it does not know.
function notFound(app) {
  handle(app, '/bot:token/:method', (req, res) => {
    res.status(404).json({ ok: false, error_code: 404, description: 'Not Found' });
  });
}

routesIndex.routes.unshift(fixups);
routesIndex.routes[routesIndex.routes.indexOf(unknownMethod)] = notFound;

const server = new TelegramServer({ port, host, storeTimeout: 600 });
server.start().then(() => {
  process.stdout.write(`telegram-test-api listening on http://${host}:${port}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.stop().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
