"""Fake Calendar v3: calendars and events, recurrence, free/busy, write rules, and the handlers.

`store.CalendarStore` holds calendars, events (masters, exceptions, tombstones), colleagues'
free/busy and the recorded notifications; `times`, `recurrence` and `series` expand what it
stores, `listing` decides what events.list shows, `freebusy` answers freebusy.query and `changes`
applies insert/patch/delete with Google's organizer rules and notifications. `api` holds the HTTP
handlers: only it may import `nyte_tui.sandbox.state` and `nyte_tui.sandbox.routes`. Nothing here
imports `gmail/`, `mailbox/` or the server side (`routing`, `control`, `server`).
"""
