"""Talk to the running assistant in a terminal: `make chat`.

Buttons are shown numbered; type the number to press one, or type your own words.
Standard library only. The conversation id is printed so you can come back to it with
`make chat ID=...`.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
import urllib.error
import urllib.request
import uuid
from typing import Any


def send(url: str, sender: str, message: str) -> list[dict[str, Any]]:
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return list(json.load(response))


def show(replies: list[dict[str, Any]]) -> list[dict[str, str]]:
    buttons: list[dict[str, str]] = []
    for reply in replies:
        for paragraph in (reply.get("text") or "").split("\n"):
            print(textwrap.fill(paragraph, width=88, initial_indent="  ", subsequent_indent="  "))
        buttons = reply.get("buttons") or buttons
    for number, button in enumerate(buttons, start=1):
        print(f"    [{number}] {button['title']}")
    return buttons


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:5005/webhooks/rest/webhook")
    parser.add_argument("--id", default="", help="carry on an earlier conversation")
    args = parser.parse_args()
    sender = args.id or uuid.uuid4().hex
    print(f"Conversation id: {sender}  (Ctrl-D or Ctrl-C to leave)\n")
    try:
        buttons = show(send(args.url, sender, "/start"))
        while True:
            typed = input("\nyou> ")
            choice = typed.strip()
            if buttons and choice.isdigit() and 1 <= int(choice) <= len(buttons):
                message = buttons[int(choice) - 1]["payload"]
            else:
                message = typed
            print()
            buttons = show(send(args.url, sender, message)) or []
    except (EOFError, KeyboardInterrupt):
        print(f"\nBye. To carry on later: make chat ID={sender}")
        return 0
    except urllib.error.URLError as error:
        print(f"Cannot reach the assistant at {args.url} ({error.reason}). Is `make run` running?")
        return 1


if __name__ == "__main__":
    sys.exit(main())
