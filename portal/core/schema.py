"""Schema objects that exist on one database only (declared with `.ddl_if(dialect=…)`)."""


def exists_on(schema_object, dialect_name: str) -> bool:
    condition = getattr(schema_object, "_ddl_if", None)
    return condition is None or condition.dialect in (None, dialect_name)


def alembic_include_object(dialect_name: str):
    """For Alembic's comparisons: leave out what the dialect never creates."""

    def include(schema_object, name, type_, reflected, compare_to) -> bool:
        return reflected or exists_on(schema_object, dialect_name)

    return include
