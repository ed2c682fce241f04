"""The application: reads settings once, wires the core to an adapter, and runs it."""
