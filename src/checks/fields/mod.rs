//! The typed contract of what checks read, as paths: the shapes of the CEL
//! variables (`account`, `resource` per scope, `params`), the field
//! reference generated from them, and the check-load validation that
//! refuses a path no view has.

mod paths;
mod reference;
mod shape;

pub use paths::{unknown_paths, PathProblem};
pub use reference::write_reference;
pub use shape::{Field, Object, Shape};

use super::definition::Scope;
use super::views::types::{
    AccessKeyView, AccountView, AssignmentView, GroupView, PermissionSetView, PolicyView,
    RegionView, RoleView, UserView,
};

/// The shape of `resource` in a scope (the account scope's is the account).
pub fn resource_shape(scope: Scope) -> Shape {
    match scope {
        Scope::Account => Shape::of::<AccountView>(),
        Scope::IamUser => Shape::of::<UserView>(),
        Scope::AccessKey => Shape::of::<AccessKeyView>(),
        Scope::IamGroup => Shape::of::<GroupView>(),
        Scope::IamRole => Shape::of::<RoleView>(),
        Scope::Policy => Shape::of::<PolicyView>(),
        Scope::Region => Shape::of::<RegionView>(),
        Scope::PermissionSet => Shape::of::<PermissionSetView>(),
        Scope::Assignment => Shape::of::<AssignmentView>(),
    }
}

pub fn account_shape() -> Shape {
    Shape::of::<AccountView>()
}

/// `params` of a check: exactly the parameters it declares.
pub fn params_shape<'a>(names: impl IntoIterator<Item = &'a String>) -> Shape {
    Shape::Object(Object {
        fields: names
            .into_iter()
            .map(|n| {
                let field = Field {
                    shape: Shape::Any,
                    doc: None,
                    optional: false,
                };
                (n.clone(), field)
            })
            .collect(),
        extra: None,
    })
}
