//! Building a statement whose length depends on the data (`IN (…)` lists,
//! multi-row `VALUES`), with the API of sqlx's `QueryBuilder`. That builder
//! writes `?` for every bound value when the database is `Any`, which
//! PostgreSQL does not accept. This one writes each database's own form:
//! `$1, $2, …` on PostgreSQL, and anonymous `?` on SQLite. Any *numbered*
//! SQLite parameter (`$1` or `?1`) is kept in a list that sqlx searches once
//! per bound value (`sqlite3_bind_parameter_name` walks it), so binding a
//! multi-row insert of a few thousand values was quadratic: ingest ran at a
//! third of its speed, 38% of the time in that one function.

use std::fmt::{Display, Write};

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::{Query, QueryAs};
use sqlx::{Any, Arguments, Encode, FromRow, Type};

use super::Backend;

pub(super) struct Sql<'q> {
    text: String,
    args: AnyArguments<'q>,
    binds: usize,
    numbered: bool,
}

impl<'q> Sql<'q> {
    pub fn new(backend: Backend, init: impl Into<String>) -> Sql<'q> {
        Sql {
            text: init.into(),
            args: AnyArguments::default(),
            binds: 0,
            numbered: backend == Backend::Postgres,
        }
    }

    pub fn push(&mut self, sql: impl Display) -> &mut Sql<'q> {
        write!(self.text, "{sql}").expect("writing to a String does not fail");
        self
    }

    pub fn push_bind<T>(&mut self, value: T) -> &mut Sql<'q>
    where
        T: 'q + Encode<'q, Any> + Type<Any>,
    {
        self.binds += 1;
        if self.numbered {
            let n = self.binds;
            self.push(format_args!("${n}"));
        } else {
            self.push("?");
        }
        self.args
            .add(value)
            .expect("the values bound here always encode");
        self
    }

    /// Values bound one after the other with `separator` between them.
    pub fn separated<'s>(&'s mut self, separator: &'static str) -> Separated<'s, 'q> {
        Separated {
            sql: self,
            separator,
            first: true,
        }
    }

    /// `VALUES (…), (…)`, one row per item, its values bound by `row`.
    pub fn push_values<I, F>(&mut self, items: I, mut row: F) -> &mut Sql<'q>
    where
        I: IntoIterator,
        F: FnMut(Separated<'_, 'q>, I::Item),
    {
        self.push("VALUES ");
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push("(");
            row(self.separated(", "), item);
            self.push(")");
        }
        self
    }

    pub fn build(&mut self) -> Query<'_, Any, AnyArguments<'_>> {
        sqlx::query_with(&self.text, std::mem::take(&mut self.args))
    }

    pub fn build_query_as<T>(&mut self) -> QueryAs<'_, Any, T, AnyArguments<'_>>
    where
        T: for<'r> FromRow<'r, AnyRow>,
    {
        sqlx::query_as_with(&self.text, std::mem::take(&mut self.args))
    }
}

pub(super) struct Separated<'s, 'q> {
    sql: &'s mut Sql<'q>,
    separator: &'static str,
    first: bool,
}

impl<'q> Separated<'_, 'q> {
    pub fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'q + Encode<'q, Any> + Type<Any>,
    {
        if !self.first {
            self.sql.push(self.separator);
        }
        self.first = false;
        self.sql.push_bind(value);
        self
    }
}
