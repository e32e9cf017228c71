using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace LoginAudit.Tests.ComponentTesting;

/// <summary>
/// Typed parameters for rendering <typeparamref name="TComponent"/>:
/// <c>p => p.Add(c => c.Title, "Sign-ins").Add(c => c.OnSelect, id => selected = id)</c>.
/// </summary>
public sealed class ComponentParameterCollectionBuilder<TComponent>
    where TComponent : IComponent
{
    private readonly Dictionary<string, object?> _parameters = new(StringComparer.Ordinal);
    private readonly List<Func<RenderFragment, RenderFragment>> _cascadingValues = new();

    internal IReadOnlyDictionary<string, object?> Parameters => _parameters;

    internal bool HasCascadingValues => _cascadingValues.Count > 0;

    /// <summary>Sets a <c>[Parameter]</c> of the component.</summary>
    public ComponentParameterCollectionBuilder<TComponent> Add<TValue>(
        Expression<Func<TComponent, TValue>> parameter, TValue value)
    {
        _parameters[ParameterName(parameter)] = value;
        return this;
    }

    /// <summary>Sets an <see cref="EventCallback"/> parameter to a plain action.</summary>
    public ComponentParameterCollectionBuilder<TComponent> Add(
        Expression<Func<TComponent, EventCallback>> parameter, Action callback) =>
        Add(parameter, new EventCallback(null, callback));

    /// <summary>Sets an <see cref="EventCallback"/> parameter to an asynchronous action.</summary>
    public ComponentParameterCollectionBuilder<TComponent> Add(
        Expression<Func<TComponent, EventCallback>> parameter, Func<Task> callback) =>
        Add(parameter, new EventCallback(null, callback));

    /// <summary>Sets an <see cref="EventCallback{TValue}"/> parameter to a plain action.</summary>
    public ComponentParameterCollectionBuilder<TComponent> Add<TArg>(
        Expression<Func<TComponent, EventCallback<TArg>>> parameter, Action<TArg> callback) =>
        Add(parameter, new EventCallback<TArg>(null, callback));

    /// <summary>Sets an <see cref="EventCallback{TValue}"/> parameter to an asynchronous action.</summary>
    public ComponentParameterCollectionBuilder<TComponent> Add<TArg>(
        Expression<Func<TComponent, EventCallback<TArg>>> parameter, Func<TArg, Task> callback) =>
        Add(parameter, new EventCallback<TArg>(null, callback));

    /// <summary>Sets a <see cref="RenderFragment"/> parameter (such as ChildContent) to raw markup.</summary>
    public ComponentParameterCollectionBuilder<TComponent> Add(
        Expression<Func<TComponent, RenderFragment?>> parameter, string markup) =>
        Add(parameter, (RenderFragment)(builder => builder.AddMarkupContent(0, markup)));

    /// <summary>Sets an attribute captured by a <c>CaptureUnmatchedValues</c> parameter, or any parameter by name.</summary>
    public ComponentParameterCollectionBuilder<TComponent> AddUnmatched(string name, object? value)
    {
        _parameters[name] = value;
        return this;
    }

    /// <summary>Supplies an unnamed cascading value, as <c>&lt;CascadingValue Value="..."&gt;</c> around the component would.</summary>
    public ComponentParameterCollectionBuilder<TComponent> AddCascadingValue<TValue>(TValue value) =>
        AddCascadingValue(name: null, value);

    /// <summary>Supplies a named cascading value (<c>[CascadingParameter(Name = ...)]</c>).</summary>
    public ComponentParameterCollectionBuilder<TComponent> AddCascadingValue<TValue>(string? name, TValue value)
    {
        _cascadingValues.Add(content => builder =>
        {
            builder.OpenComponent<CascadingValue<TValue>>(0);
            builder.AddComponentParameter(1, nameof(CascadingValue<TValue>.Value), value);
            if (name is not null)
            {
                builder.AddComponentParameter(2, nameof(CascadingValue<TValue>.Name), name);
            }

            builder.AddComponentParameter(3, nameof(CascadingValue<TValue>.ChildContent), content);
            builder.CloseComponent();
        });
        return this;
    }

    /// <summary>Takes over the parameters of a later update; cascading values of the update replace the earlier ones.</summary>
    internal void Merge(ComponentParameterCollectionBuilder<TComponent> update)
    {
        foreach (var (name, value) in update._parameters)
        {
            _parameters[name] = value;
        }

        if (update.HasCascadingValues)
        {
            _cascadingValues.Clear();
            _cascadingValues.AddRange(update._cascadingValues);
        }
    }

    /// <summary>The component inside its cascading values; <paramref name="capture"/> receives the instance.</summary>
    internal RenderFragment Build(Action<TComponent> capture)
    {
        RenderFragment fragment = builder =>
        {
            builder.OpenComponent<TComponent>(0);
            foreach (var (name, value) in _parameters)
            {
                builder.AddComponentParameter(1, name, value);
            }

            builder.AddComponentReferenceCapture(2, instance => capture((TComponent)instance));
            builder.CloseComponent();
        };

        // The first value added is the outermost, as it would be written in markup.
        for (var i = _cascadingValues.Count - 1; i >= 0; i--)
        {
            fragment = _cascadingValues[i](fragment);
        }

        return fragment;
    }

    private static string ParameterName(LambdaExpression parameter)
    {
        if (parameter.Body is not MemberExpression { Member: PropertyInfo property })
        {
            throw new ArgumentException(
                $"Select a parameter property of {typeof(TComponent).Name}, like c => c.Title; got {parameter}.",
                nameof(parameter));
        }

        if (property.GetCustomAttribute<CascadingParameterAttribute>() is not null)
        {
            throw new ArgumentException(
                $"{typeof(TComponent).Name}.{property.Name} is a [CascadingParameter]: supply it with AddCascadingValue.",
                nameof(parameter));
        }

        if (property.GetCustomAttribute<ParameterAttribute>() is null)
        {
            throw new ArgumentException(
                $"{typeof(TComponent).Name}.{property.Name} is not a [Parameter], so a parent could not set it.",
                nameof(parameter));
        }

        return property.Name;
    }
}
