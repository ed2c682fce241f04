"""The Slack adapter: Slack's requests through the durable inbox to the platform-agnostic
coach, and its answers back (slack_sdk's Web API and Socket Mode clients)."""
